package dev.hookbus.tilt.run;

/** Hears a run's transitions: the service publishes them to Kafka, the CLI prints them. */
public interface RunListener {
    default void runQueued(RunRecord run) {
    }

    default void runStarted(RunRecord run) {
    }

    default void stepStarted(RunRecord run, StepRecord step) {
    }

    /** Right after {@code tilt trigger} returned for the step. */
    default void stepTriggered(RunRecord run, StepRecord step, long baseline) {
    }

    default void stepFinished(RunRecord run, StepRecord step, StepOutcome outcome) {
    }

    default void runFinished(RunRecord run) {
    }

    /** Every listener in order. */
    static RunListener all(RunListener... listeners) {
        return new RunListener() {
            @Override
            public void runQueued(RunRecord run) {
                for (RunListener l : listeners) {
                    l.runQueued(run);
                }
            }

            @Override
            public void runStarted(RunRecord run) {
                for (RunListener l : listeners) {
                    l.runStarted(run);
                }
            }

            @Override
            public void stepStarted(RunRecord run, StepRecord step) {
                for (RunListener l : listeners) {
                    l.stepStarted(run, step);
                }
            }

            @Override
            public void stepTriggered(RunRecord run, StepRecord step, long baseline) {
                for (RunListener l : listeners) {
                    l.stepTriggered(run, step, baseline);
                }
            }

            @Override
            public void stepFinished(RunRecord run, StepRecord step, StepOutcome outcome) {
                for (RunListener l : listeners) {
                    l.stepFinished(run, step, outcome);
                }
            }

            @Override
            public void runFinished(RunRecord run) {
                for (RunListener l : listeners) {
                    l.runFinished(run);
                }
            }
        };
    }
}
