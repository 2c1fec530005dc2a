import KilnCore
import KilnObservability

/// Times one step from its start, for the task duration metric.
struct StepTimer {
    let kind: StepKind
    let metrics: NodeMetrics
    let started = ContinuousClock.now

    init(step: Step, metrics: NodeMetrics) {
        kind = step.kind
        self.metrics = metrics
    }

    func finished(_ status: TaskStatus) {
        metrics.taskFinished(kind: kind.rawValue, status: status.rawValue, duration: ContinuousClock.now - started)
    }
}
