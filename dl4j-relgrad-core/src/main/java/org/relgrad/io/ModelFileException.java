package org.relgrad.io;

import org.relgrad.RelgradError;

/** A model file that cannot be used; the message names the file and what is wrong with it. */
public class ModelFileException extends RuntimeException implements RelgradError {
    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
