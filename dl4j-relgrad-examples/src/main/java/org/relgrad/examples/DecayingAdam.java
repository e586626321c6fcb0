package org.relgrad.examples;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** Adam whose learning rate decays exponentially per iteration, as the command-line tools configure it. */
public final class DecayingAdam {
    private DecayingAdam() {
    }

    /** Adam from {@code lr} down to {@code decay · lr} at the last of {@code iterations}; constant when decay is 1. */
    public static IUpdater of(double lr, double decay, long iterations) {
        if (decay == 1 || iterations <= 1) {
            return new Adam(lr);
        }
        return new Adam(new ExponentialSchedule(ScheduleType.ITERATION, lr, Math.pow(decay, 1.0 / (iterations - 1))));
    }
}
