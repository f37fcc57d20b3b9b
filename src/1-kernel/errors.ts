/** A task of an aborted scope: its sleep rejects with this. */
export class Aborted extends Error {
  constructor(readonly reason: unknown) {
    super('aborted');
    this.name = 'Aborted';
  }
}

/** A simulation hit one of its bounds (virtual time, steps, settle rounds): a reported failure, never a hang. */
export class SimulationBoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationBoundError';
  }
}

/** A component of the run stopped it (an external tracker raised, or stopped answering): a reported failure of that run. */
export class SimulationHalted extends SimulationBoundError {
  constructor(
    message: string,
    /** What the component reported, for the run's result. */
    readonly detail: unknown,
  ) {
    super(message);
    this.name = 'SimulationHalted';
  }
}
