package org.relgrad.nn.conf.layers;

import org.relgrad.RelgradError;

import org.deeplearning4j.exception.DL4JInvalidConfigException;

/** A flow layer configured in a way that would not give an invertible network with an exact likelihood. */
public class FlowConfigurationException extends DL4JInvalidConfigException implements RelgradError {
    public FlowConfigurationException(String message) {
        super(message);
    }
}
