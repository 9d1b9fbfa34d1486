package io.mllifecycle.store.s3;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * The store's real HTTP client with faults injected by a rule that sees every request: answer with an S3
 * error instead of sending, send to a port where nothing listens (the OS refuses the connection), or wait
 * before sending. Requests are recorded.
 */
final class FaultyHttpClient implements SdkHttpClient {
    /** What to do with one request. */
    sealed interface Fault {}

    /** Send it as it is. */
    record Pass() implements Fault {}

    /** Answer with this status and S3 error code, without sending. */
    record Answer(int status, String code) implements Fault {}

    /** Send it to a port nothing listens on. */
    record Refuse() implements Fault {}

    /** Run this first (e.g. wait for a latch), then send. */
    record Before(Runnable action) implements Fault {}

    static final Fault PASS = new Pass();

    private final SdkHttpClient real = UrlConnectionHttpClient.builder().build();
    private final Function<SdkHttpRequest, Fault> rule;
    final List<String> requests = new CopyOnWriteArrayList<>();

    FaultyHttpClient(Function<SdkHttpRequest, Fault> rule) {
        this.rule = rule;
    }

    /** @return true for an UploadPart request of this part number */
    static boolean isPart(SdkHttpRequest r, int number) {
        return r.method().name().equals("PUT") && r.firstMatchingRawQueryParameter("uploadId").isPresent()
                && r.firstMatchingRawQueryParameter("partNumber").map(String.valueOf(number)::equals).orElse(false);
    }

    /** @return true for an UploadPart request */
    static boolean isAnyPart(SdkHttpRequest r) {
        return r.method().name().equals("PUT") && r.firstMatchingRawQueryParameter("partNumber").isPresent();
    }

    /** @return true for a PutObject request (not a part) */
    static boolean isPutObject(SdkHttpRequest r) {
        return r.method().name().equals("PUT") && r.rawQueryParameters().isEmpty();
    }

    /** @return true for a CompleteMultipartUpload request */
    static boolean isComplete(SdkHttpRequest r) {
        return r.method().name().equals("POST") && r.firstMatchingRawQueryParameter("uploadId").isPresent();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest r = request.httpRequest();
        requests.add(r.method() + " " + r.encodedPath() + (r.rawQueryParameters().isEmpty() ? "" : " " + r.rawQueryParameters().keySet()));
        Fault fault = rule.apply(r);
        if (fault instanceof Answer a) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + a.code()
                            + "</Code><Message>injected by the test</Message><RequestId>test</RequestId></Error>";
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(a.status())
                                    .putHeader("Content-Type", "application/xml").build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(
                                    xml.getBytes(StandardCharsets.UTF_8))))
                            .build();
                }

                @Override
                public void abort() {}
            };
        }
        if (fault instanceof Refuse) {
            SdkHttpRequest dead = r.toBuilder().port(S3Mock.freePort()).build();
            return real.prepareRequest(HttpExecuteRequest.builder().request(dead)
                    .contentStreamProvider(request.contentStreamProvider().orElse(null)).build());
        }
        if (fault instanceof Before b) {
            b.action().run();
        }
        return real.prepareRequest(request);
    }

    @Override
    public void close() {
        real.close();
    }
}
