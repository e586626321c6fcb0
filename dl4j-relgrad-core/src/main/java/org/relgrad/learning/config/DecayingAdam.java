package org.relgrad.learning.config;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.relgrad.learning.config.FusedAdam;

/**
 * Adam (the library's {@link FusedAdam}) whose learning rate decays exponentially per iteration, as the command-line
 * tools configure it.
 */
public final class DecayingAdam {
    private DecayingAdam() {
    }

    /** Adam from {@code lr} down to {@code decay · lr} at the last of {@code iterations}; constant when decay is 1. */
    public static IUpdater of(double lr, double decay, long iterations) {
        if (decay == 1 || iterations <= 1) {
            return new FusedAdam(lr);
        }
        return new FusedAdam(new ExponentialSchedule(ScheduleType.ITERATION, lr, Math.pow(decay, 1.0 / (iterations - 1))));
    }
}
