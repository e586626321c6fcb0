package org.relgrad.data;

/** Input data that cannot be used as given (unreadable file, bad number, ragged row, …); the message says where. */
public class DataFormatException extends RuntimeException {
    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
