package io.mllifecycle.store.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads spooled content under a key, only if no object is there ({@code If-None-Match: *}), each request
 * with the SHA-256 checksum of its bytes. Above the threshold the content goes in parts; a multipart upload
 * that fails is aborted, so no object and no parts are left.
 */
final class S3Uploads {
    private static final Logger LOG = LoggerFactory.getLogger(S3Uploads.class);
    private static final String BINARY = "application/octet-stream";

    private final S3Client s3;
    private final String bucket;
    private final long multipartThreshold;

    S3Uploads(S3Client s3, String bucket, long multipartThreshold) {
        this.s3 = s3;
        this.bucket = bucket;
        this.multipartThreshold = multipartThreshold;
    }

    /** @throws SdkException as the SDK raised it; a 412 means another writer stored the key first */
    void upload(String key, Spool spool, String mediaType) {
        if (spool.size < multipartThreshold || spool.parts() == 1) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(mediaType).contentLength(spool.size)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(spool.checksum()).ifNoneMatch("*"),
                    RequestBody.fromFile(spool.file));
        } else {
            multipart(key, spool, mediaType);
        }
    }

    private void multipart(String key, Spool spool, String mediaType) {
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(mediaType)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>(spool.parts());
            for (int i = 0; i < spool.parts(); i++) {
                int number = i + 1;
                long offset = spool.offset(i);
                long length = spool.length(i);
                String checksum = spool.partChecksums.get(i);
                UploadPartResponse r = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength(length).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                        .checksumSHA256(checksum), RequestBody.fromContentProvider(() -> slice(spool, offset, length),
                        length, BINARY));
                parts.add(CompletedPart.builder().partNumber(number).eTag(r.eTag()).checksumSHA256(checksum).build());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId).ifNoneMatch("*")
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException | Error e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private void abort(String key, String uploadId, Throwable failure) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            LOG.debug("Aborted multipart upload {} of s3://{}/{} after {}", uploadId, bucket, key, failure.toString());
        } catch (SdkException e) {
            LOG.warn("Multipart upload {} of s3://{}/{} failed ({}) and could not be aborted ({}); it is no object,"
                    + " but its parts take space until a lifecycle rule (AbortIncompleteMultipartUpload) removes them",
                    uploadId, bucket, key, failure.toString(), e.toString());
            failure.addSuppressed(e);
        }
    }

    private static FileSlice slice(Spool spool, long offset, long length) {
        try {
            return new FileSlice(spool.file, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException("opening part at byte " + offset + " of " + spool.file + " failed", e);
        }
    }
}
