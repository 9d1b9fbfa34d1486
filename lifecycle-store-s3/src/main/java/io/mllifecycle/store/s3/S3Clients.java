package io.mllifecycle.store.s3;

import io.mllifecycle.store.StoreException;
import java.net.URI;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** Builds the SDK client of a store and checks, before handing it out, that the bucket answers. */
final class S3Clients {
    /** What a builder collected. */
    record Settings(S3Location location, String region, URI endpoint, boolean pathStyle, String accessKeyId,
                    String secretAccessKey, String sessionToken, int maxAttempts, SdkHttpClient httpClient) {}

    private S3Clients() {}

    /**
     * @param make turns the checked client and a description of the service for messages into the store
     */
    static <T> T open(Settings s, BiFunction<S3Client, String, T> make) {
        Region region = region(s);
        String service = "bucket '" + s.location().bucket() + "' at "
                + (s.endpoint() != null ? s.endpoint().toString() : "AWS S3 in " + region.id());
        S3ClientBuilder b = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials(s))
                .httpClient(s.httpClient() != null ? s.httpClient() : UrlConnectionHttpClient.builder().build())
                .forcePathStyle(s.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(r -> r.maxAttempts(s.maxAttempts())));
        if (s.endpoint() != null) {
            b.endpointOverride(s.endpoint());
        }
        S3Client client = b.build();
        try {
            ListObjectsV2Response listing = client.listObjectsV2(r -> r.bucket(s.location().bucket())
                    .prefix(s.location().root()).maxKeys(1));
            if (!s.location().bucket().equals(listing.name())) {
                // every S3 listing names its bucket; a web server's 200 page parses as an empty listing
                throw new StoreException("opening the artifact store " + s.location() + " failed: " + service
                        + " did not answer as an S3 service does (its answer to ListObjectsV2 names no bucket '"
                        + s.location().bucket() + "'); check the endpoint");
            }
            return make.apply(client, service);
        } catch (SdkException e) {
            client.close();
            throw S3Failures.map(e, "opening the artifact store " + s.location(), service, s.accessKeyId());
        } catch (RuntimeException | Error e) {
            client.close();
            throw e;
        }
    }

    private static Region region(Settings s) {
        if (s.region() != null) {
            return Region.of(s.region());
        }
        if (s.endpoint() != null) {
            return Region.US_EAST_1;
        }
        try {
            return new DefaultAwsRegionProviderChain().getRegion();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("region must be given (builder region(…) or ?region=… in the URI), or be"
                    + " configured for the SDK (AWS_REGION, aws.region, a profile), but none was found: "
                    + e.getMessage(), e);
        }
    }

    private static AwsCredentialsProvider credentials(Settings s) {
        if (s.accessKeyId() == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(s.sessionToken() == null
                ? AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())
                : AwsSessionCredentials.create(s.accessKeyId(), s.secretAccessKey(), s.sessionToken()));
    }
}
