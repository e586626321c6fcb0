package org.relgrad.learning.config;

import lombok.Data;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.relgrad.learning.FusedAdamUpdater;

import java.util.Map;

/**
 * Adam (Kingma and Ba) with exactly the arithmetic of DL4J's {@link Adam}, applied in one multi-threaded pass over
 * the gradient and both moments on the CPU backend (see {@link FusedAdamUpdater}). A drop-in replacement: configure it
 * with {@code .updater(new FusedAdam(1e-3))} on any DL4J network; its state has Adam's layout [m | v], so
 * ModelSerializer saves and restores it like Adam's.
 */
@Data
public class FusedAdam implements IUpdater {
    private double learningRate = Adam.DEFAULT_ADAM_LEARNING_RATE;
    private ISchedule learningRateSchedule;
    private double beta1 = Adam.DEFAULT_ADAM_BETA1_MEAN_DECAY;
    private double beta2 = Adam.DEFAULT_ADAM_BETA2_VAR_DECAY;
    private double epsilon = Adam.DEFAULT_ADAM_EPSILON;

    public FusedAdam() {
    }

    public FusedAdam(double learningRate) {
        this.learningRate = learningRate;
    }

    public FusedAdam(ISchedule learningRateSchedule) {
        this.learningRate = Double.NaN;
        this.learningRateSchedule = learningRateSchedule;
    }

    public FusedAdam(double learningRate, double beta1, double beta2, double epsilon) {
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        FusedAdamUpdater u = new FusedAdamUpdater(this);
        u.setStateViewArray(viewArray, null, viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        FusedAdamUpdater u = new FusedAdamUpdater(this);
        u.setState(updaterState, initializeStateArrays);
        return u;
    }

    @Override
    public FusedAdam clone() {
        FusedAdam c = new FusedAdam(learningRate, beta1, beta2, epsilon);
        c.setLearningRateSchedule(learningRateSchedule == null ? null : learningRateSchedule.clone());
        return c;
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.learningRateSchedule = lrSchedule;
    }
}
