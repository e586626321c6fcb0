package org.relgrad.data;

import org.relgrad.RelgradError;

/** Input data that cannot be used as given (unreadable file, bad number, ragged row, …); the message says where. */
public class DataFormatException extends RuntimeException implements RelgradError {
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
