package org.relgrad.io;

/** A model file that cannot be used; the message names the file and what is wrong with it. */
public class ModelFileException extends RuntimeException {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
