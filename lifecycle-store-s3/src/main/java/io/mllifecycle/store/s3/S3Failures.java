package io.mllifecycle.store.s3;

import io.mllifecycle.store.NotFoundException;
import io.mllifecycle.store.StoreException;
import java.io.IOException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns the SDK's exceptions into the store's typed ones, with messages that name the bucket, key and endpoint. */
final class S3Failures {
    private S3Failures() {}

    static boolean status(SdkException e, int status) {
        return e instanceof S3Exception s && s.statusCode() == status;
    }

    static String code(S3Exception e) {
        return e.awsErrorDetails() == null || e.awsErrorDetails().errorCode() == null ? ""
                : e.awsErrorDetails().errorCode();
    }

    /**
     * @param what    what was being done, e.g. {@code "storing s3://b/k"}
     * @param service the endpoint and bucket, e.g. {@code "bucket 'b' at http://localhost:9090"}
     * @param keyId   the access key id in use, or null when the default chain supplied it
     */
    static StoreException map(SdkException e, String what, String service, String keyId) {
        if (e instanceof S3Exception s) {
            String code = code(s);
            String detail = "HTTP " + s.statusCode() + (code.isEmpty() ? "" : " " + code)
                    + (s.awsErrorDetails() != null && s.awsErrorDetails().errorMessage() != null
                    ? ": " + s.awsErrorDetails().errorMessage() : "")
                    + (s.requestId() != null ? ", request id " + s.requestId() : "");
            if ("NoSuchBucket".equals(code)) {
                return notFound(what + " failed: " + service + " does not exist (" + detail + ")", e);
            }
            if (s.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)) {
                return new StoreException(what + " failed: access to " + service + " was denied (" + detail
                        + "); check the credentials" + (keyId == null ? " of the default chain" : " (access key id '"
                        + keyId + "')") + " and the bucket's policy", e);
            }
            if (code.isEmpty()) {
                return new StoreException(what + " failed: " + service + " did not answer as an S3 service does ("
                        + detail + "); check the endpoint", e);
            }
            return new StoreException(what + " failed (" + detail + ")", e);
        }
        if (e instanceof SdkClientException && hasIoCause(e)) {
            return new StoreException(what + " failed: " + service + " could not be reached (" + rootMessage(e) + ")", e);
        }
        return new StoreException(what + " failed: " + service + " did not answer as an S3 service does ("
                + rootMessage(e) + "); check the endpoint", e);
    }

    private static NotFoundException notFound(String message, Throwable cause) {
        NotFoundException n = new NotFoundException(message);
        n.initCause(cause);
        return n;
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " — " + t;
    }
}
