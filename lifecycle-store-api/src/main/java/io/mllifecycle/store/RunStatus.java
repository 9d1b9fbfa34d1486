package io.mllifecycle.store;

/** Life of a run: it starts {@link #RUNNING} and ends once in one of the other states. */
public enum RunStatus {
    RUNNING, FINISHED, FAILED, KILLED;

    /** @return true for every state but {@link #RUNNING}; a terminal run accepts no more writes */
    public boolean isTerminal() {
        return this != RUNNING;
    }
}
