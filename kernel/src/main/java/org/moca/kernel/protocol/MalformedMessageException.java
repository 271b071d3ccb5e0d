package org.moca.kernel.protocol;

/** A multipart message that is not a valid Jupyter message: no delimiter, missing frames, bad JSON or signature. */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong, for the kernel's log */
    public MalformedMessageException(String reason) {
        super(reason);
    }
}
