import KilnCore
import KilnIntelligence

/// A kind of step that this node can run: its definition (name, options) and how it runs.
/// Adding a kind is one type conforming to this, and one line in `StepRegistry.standard`.
public protocol RunnableStep: StepDefinition {
    /// Runs the step with its decoded options, reading and extending what earlier steps of the
    /// run left in `workspace`; returns its output file object (and the published URL, if any).
    static func run(_ options: Options, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput
    /// What the kind needs beyond ffmpeg (an engine and its model), checked once when a node
    /// starts: while it is missing, the API refuses the kind with `kind_unavailable`.
    static func requirement(_ engines: AnalysisEngines) -> EngineRequirement?
}

extension RunnableStep {
    public static func requirement(_ engines: AnalysisEngines) -> EngineRequirement? { nil }
}

/// What a step produced.
public struct StepOutput: Sendable {
    /// The task's `output`.
    public var file: JSONValue
    /// Where the result was published, when the step published it.
    public var url: String?
    /// Set when the steps after this one must not run (a condition that did not hold): they end
    /// `cancelled` with this error.
    public var skipping: RunError?
    /// Set by an import when its input is long: the chunks each encode after it is cut into
    /// (`Lifecycle.planChunks`); an encode with no plan runs whole.
    public var chunks: [ChunkPlan]

    public init(file: JSONValue, url: String? = nil, skipping: RunError? = nil, chunks: [ChunkPlan] = []) {
        self.file = file
        self.url = url
        self.skipping = skipping
        self.chunks = chunks
    }
}

/// The kinds a node runs, by name.
public struct StepRegistry: Sendable {
    struct Entry: Sendable {
        let reportsProgress: Bool
        let inputRole: StepInputRole
        let requirement: @Sendable (AnalysisEngines) -> EngineRequirement?
        let run: @Sendable (JSONObject, StepContext, inout RunWorkspace) async throws -> StepOutput
    }

    private let entries: [StepKind: Entry]
    public let catalog: StepCatalog

    /// `internalSteps` run here but are not in the catalog: no client creates them (the chunks of a chunked encode).
    public init(_ steps: [any RunnableStep.Type], internalSteps: [any RunnableStep.Type] = []) {
        var entries: [StepKind: Entry] = [:]
        for step in steps + internalSteps { entries[step.kind] = Self.entry(step) }
        self.entries = entries
        catalog = StepCatalog(steps)
    }

    /// The kinds whose engine `engines` lacks, with what is missing; each engine is checked once.
    public func missingEngines(_ engines: AnalysisEngines) async -> [StepKind: String] {
        var checked: [String: String?] = [:]
        var missing: [StepKind: String] = [:]
        for kind in catalog.kinds {
            guard let requirement = entries[kind]?.requirement(engines) else { continue }
            if checked[requirement.name] == nil { checked[requirement.name] = .some(await requirement.missing()) }
            if let what = checked[requirement.name] ?? nil { missing[kind] = what }
        }
        return missing
    }

    /// What `kind` needs that `engines` lacks; nil when it can run here.
    public func missingEngine(for kind: StepKind, _ engines: AnalysisEngines) async -> String? {
        guard let requirement = entries[kind]?.requirement(engines) else { return nil }
        return await requirement.missing()
    }

    private static func entry<S: RunnableStep>(_ step: S.Type) -> Entry {
        Entry(reportsProgress: S.reportsProgress, inputRole: S.inputRole, requirement: { S.requirement($0) }) { stored, context, workspace in
            let options: S.Options
            do throws(StoredOptionsError) {
                options = try S.decode(stored)
            } catch {
                throw error.runError
            }
            return try await S.run(options, context, &workspace)
        }
    }

    subscript(kind: StepKind) -> Entry? { entries[kind] }

    /// Every kind of this repository.
    public static let standard = StepRegistry([
        ProbeStep.self, ImportStep.self, VideoStep.self, AudioStep.self, ImageStep.self, AnimationStep.self,
        AdaptiveVideoStep.self, ExportStep.self, ConditionsStep.self,
        SpeechStep.self, SubtitlesStep.self, ChaptersStep.self, SummaryStep.self, OutlineStep.self, NSFWStep.self,
    ], internalSteps: [VideoChunkStep.self])
}
