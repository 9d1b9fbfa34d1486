package io.mllifecycle.store;

/** Where a stage-transition request stands. Only {@link #PENDING} can change, and only once. */
public enum RequestStatus {
    /** waiting for an approver */
    PENDING,
    /** approved by an actor other than the requester; the transition happened with the approval */
    APPROVED,
    /** rejected; nothing moved */
    REJECTED,
    /** withdrawn by the requester, or made moot because the version left the stage it was requested from */
    CANCELLED
}
