package io.mllifecycle.monitoring;

/** A batch does not match a model version's {@link Signature}; {@link #check()} lists every problem. */
public final class SignatureMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** Not serialised: the check is for callers in this JVM. */
    private final transient SignatureCheck check;

    SignatureMismatchException(String message, SignatureCheck check) {
        super(message);
        this.check = check;
    }

    /** @return what the check found (null only after deserialisation) */
    public SignatureCheck check() {
        return check;
    }
}
