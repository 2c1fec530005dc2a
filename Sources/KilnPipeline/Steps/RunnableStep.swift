import KilnCore

/// A kind of step that this node can run: its definition (name, options) and how it runs.
/// Adding a kind is one type conforming to this, and one line in `StepRegistry.standard`.
public protocol RunnableStep: StepDefinition {
    /// Runs the step with its decoded options, reading and extending what earlier steps of the
    /// run left in `workspace`; returns its output file object (and the published URL, if any).
    static func run(_ options: Options, _ context: StepContext, _ workspace: inout RunWorkspace) async throws -> StepOutput
}

/// What a step produced.
public struct StepOutput: Sendable {
    /// The task's `output`.
    public var file: JSONValue
    /// Where the result was published, when the step published it.
    public var url: String?

    public init(file: JSONValue, url: String? = nil) {
        self.file = file
        self.url = url
    }
}

/// The kinds a node runs, by name.
public struct StepRegistry: Sendable {
    struct Entry: Sendable {
        let reportsProgress: Bool
        let inputRole: StepInputRole
        let run: @Sendable (JSONObject, StepContext, inout RunWorkspace) async throws -> StepOutput
    }

    private let entries: [StepKind: Entry]
    public let catalog: StepCatalog

    public init(_ steps: [any RunnableStep.Type]) {
        var entries: [StepKind: Entry] = [:]
        for step in steps { entries[step.kind] = Self.entry(step) }
        self.entries = entries
        catalog = StepCatalog(steps)
    }

    private static func entry<S: RunnableStep>(_ step: S.Type) -> Entry {
        Entry(reportsProgress: S.reportsProgress, inputRole: S.inputRole) { stored, context, workspace in
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
        AdaptiveVideoStep.self, ExportStep.self, NSFWStep.self,
    ])
}
