/// How the steps of a run depend on each other: a step may run once every step it comes `after`
/// has succeeded. A step that has exactly one dependency, and is that step's only dependent,
/// *continues* on its worker: it reads files the step before left on that worker's disk (an
/// export reads the encode's result, an import the probe's fetched copy), so the two are claimed
/// together as one chain, and re-run together when their worker dies. A step with several
/// dependents (the import of a workflow) starts chains that run on any worker at once.
public struct RunGraph: Sendable {
    public let steps: [Step]
    private let indexByID: [String: Int]

    public init(_ steps: [Step]) {
        self.steps = steps
        var indexByID: [String: Int] = [:]
        for (index, step) in steps.enumerated() { indexByID[step.id] = index }
        self.indexByID = indexByID
    }

    public func dependencies(of index: Int) -> [Int] {
        steps[index].after.compactMap { indexByID[$0] }
    }

    public func dependents(of index: Int) -> [Int] {
        let id = steps[index].id
        return steps.indices.filter { steps[$0].after.contains(id) }
    }

    /// The steps no step comes after: a job's export, whose result is the run's output.
    public var lastSteps: [Int] {
        let needed = Set(steps.flatMap(\.after))
        return steps.indices.filter { !needed.contains(steps[$0].id) }
    }

    /// Every step that runs only after `index`, directly or through others.
    public func descendants(of index: Int) -> [Int] {
        var found = Set<Int>()
        var frontier = [index]
        while let next = frontier.popLast() {
            for dependent in dependents(of: next) where found.insert(dependent).inserted { frontier.append(dependent) }
        }
        return found.sorted()
    }

    /// Whether every step `index` comes after has succeeded.
    public func isReady(_ index: Int) -> Bool {
        dependencies(of: index).allSatisfy { steps[$0].status == .succeeded }
    }

    /// Whether the step continues on the worker of its one dependency (see above).
    public func continuesPrevious(_ index: Int) -> Bool {
        let dependencies = dependencies(of: index)
        guard dependencies.count == 1 else { return false }
        return dependents(of: dependencies[0]) == [index]
    }

    /// The first step of the chain `index` belongs to.
    public func head(of index: Int) -> Int {
        var current = index
        while continuesPrevious(current), let previous = dependencies(of: current).first { current = previous }
        return current
    }

    /// The steps claimed together with `head`: it, then each step that continues on its worker.
    public func chain(from head: Int) -> [Int] {
        var chain = [head]
        while let last = chain.last {
            let next = dependents(of: last)
            guard next.count == 1, continuesPrevious(next[0]) else { break }
            chain.append(next[0])
        }
        return chain
    }

    /// Whether a step of the run reads the run's imported copy on another worker than the import's:
    /// then the import keeps that copy where every node finds it. A step reads it when it comes
    /// after the import, directly or past steps that pass their input through (a gate's `next`
    /// steps, a chunked encode's pieces); it runs elsewhere when it is not in the import's chain.
    public func sharesImport(_ importIndex: Int) -> Bool {
        let onImportsWorker = Set(chain(from: head(of: importIndex)))
        var readers = dependents(of: importIndex)
        while let reader = readers.popLast() {
            if !onImportsWorker.contains(reader) { return true }
            if steps[reader].kind.passesInputThrough { readers += dependents(of: reader) }
        }
        return false
    }

    /// The file object step `index` reads in a job: the output of the step it comes after, or,
    /// past a step that passes its input through (`conditions`), what that step read.
    public func input(of index: Int) -> JSONValue {
        var current = index
        while let dependency = dependencies(of: current).first {
            let step = steps[dependency]
            guard step.kind.passesInputThrough else { return step.output }
            current = dependency
        }
        return .null
    }
}

extension StepKind {
    /// Kinds whose output is a decision or a piece of the result, not a file the next step
    /// reads: the steps after them read what they read (a chunked encode's join reads the input).
    public var passesInputThrough: Bool { self == .conditions || self == .videoChunk }
}
