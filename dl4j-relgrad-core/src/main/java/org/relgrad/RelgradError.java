package org.relgrad;

/**
 * The root type of this library's expected errors: bad data, an unusable file or configuration, training that
 * cannot go on. Each message says what happened and what to do, so a command line shows it as one line; any other
 * exception is a bug and keeps its stack trace. (An interface, because some of these errors extend DL4J's own
 * exception types, which DL4J code already catches.)
 */
public interface RelgradError {
}
