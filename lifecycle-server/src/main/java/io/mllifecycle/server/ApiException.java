package io.mllifecycle.server;

/**
 * An error answered in MLflow's shape, {@code {"error_code": …, "message": …}}, with the HTTP status
 * MLflow's server uses for that code ({@code mlflow/exceptions.py}, ERROR_CODE_TO_HTTP_STATUS).
 */
class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** MLflow error codes this server answers, each with MLflow's status. */
    enum Code {
        INVALID_PARAMETER_VALUE(400), BAD_REQUEST(400), RESOURCE_ALREADY_EXISTS(400),
        RESOURCE_DOES_NOT_EXIST(404), ENDPOINT_NOT_FOUND(404), RESOURCE_CONFLICT(409),
        UNAUTHENTICATED(401), PERMISSION_DENIED(403), NOT_IMPLEMENTED(501), TEMPORARILY_UNAVAILABLE(503), RESOURCE_EXHAUSTED(429),
        INTERNAL_ERROR(500);

        final int status;

        Code(int status) {
            this.status = status;
        }
    }

    final Code code;
    final int status;

    ApiException(Code code, String message) {
        this(code, code.status, message);
    }

    /** For the few answers whose HTTP status is not the code's (405, 413). */
    ApiException(Code code, int status, String message) {
        super(message);
        this.code = code;
        this.status = status;
    }

    static ApiException invalid(String message) {
        return new ApiException(Code.INVALID_PARAMETER_VALUE, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(Code.RESOURCE_DOES_NOT_EXIST, message);
    }
}
