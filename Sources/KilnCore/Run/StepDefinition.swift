/// A step's validated options: a typed value with one canonical JSON form (every option with its
/// value, defaults filled in), which is what a step stores and shows, and what decodes back.
public protocol StepOptionsValue: Sendable, Equatable {
    var canonical: JSONObject { get }
}

/// What a step reads.
public enum StepInputRole: Sendable, Equatable {
    /// `{"url": …}`: the first step of a run, fetching from outside (probe, import).
    case url
    /// A file object, such as a probe's or an encode's `output`.
    case file
}

/// A kind of step, as far as the API is concerned: its name, what it reads, whether it reports
/// progress, and its options' validation. The runnable part lives beside it in KilnPipeline.
public protocol StepDefinition: Sendable {
    associatedtype Options: StepOptionsValue
    static var kind: StepKind { get }
    static var inputRole: StepInputRole { get }
    static var reportsProgress: Bool { get }
    /// Whether `POST /jobs` takes this kind as its `kind`.
    static var isJobKind: Bool { get }
    /// The options and their allowed values, for forms; the names are those the validation takes.
    static var optionSpecs: [OptionSpec] { get }
    /// Validates options as a client sent them; the messages name the option and what is allowed.
    static func options(from json: JSONObject) throws(APIError) -> Options
}

extension StepDefinition {
    public static var optionNames: [String] { optionSpecs.map(\.name) }

    /// Reads options stored in canonical form. A value this version cannot read (written by
    /// another version) is a named error, not a crash.
    public static func decode(_ stored: JSONObject) throws(StoredOptionsError) -> Options {
        do {
            return try options(from: stored)
        } catch {
            throw StoredOptionsError(kind: kind, reason: error.message)
        }
    }
}

/// Stored options this version of Kiln cannot read.
public struct StoredOptionsError: Error, Sendable, Equatable {
    public let kind: StepKind
    public let reason: String

    public init(kind: StepKind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public var runError: RunError {
        RunError("options_unreadable", "the stored options of this \(kind.rawValue) task cannot be read by this version of Kiln (\(reason)); create it again")
    }
}

/// The kinds a node knows, by name: what the API validates with and the OpenAPI document,
/// `GET /tasks?kind=` and the dashboard's form read.
public struct StepCatalog: Sendable {
    public struct Entry: Sendable {
        public let kind: StepKind
        public let inputRole: StepInputRole
        public let reportsProgress: Bool
        public let isJobKind: Bool
        public let options: [OptionSpec]
        public var optionNames: [String] { options.map(\.name) }
        /// Validates a client's options and returns their canonical form.
        public let validate: @Sendable (JSONObject) throws(APIError) -> JSONObject
        /// What this node lacks to run the kind (an engine or a model, and how to install it);
        /// nil when it can run it. Found once when the node starts.
        public var missing: String?

        /// Refuses a kind this node cannot run with `kind_unavailable`, before anything is created.
        public func requireAvailable() throws(APIError) {
            guard let missing else { return }
            throw .kindUnavailable(kind, missing: missing)
        }
    }

    public let entries: [Entry]

    public init(_ definitions: [any StepDefinition.Type]) {
        entries = definitions.map { Self.entry($0) }
    }

    private init(entries: [Entry]) { self.entries = entries }

    /// The same kinds, those named in `missing` marked unavailable with what they lack.
    public func marking(missing: [StepKind: String]) -> StepCatalog {
        StepCatalog(entries: entries.map { entry in
            var marked = entry
            marked.missing = missing[entry.kind]
            return marked
        })
    }

    /// The kinds this node cannot run, with what each lacks.
    public var unavailable: [(kind: StepKind, missing: String)] {
        entries.compactMap { entry in entry.missing.map { (entry.kind, $0) } }
    }

    private static func entry<D: StepDefinition>(_ definition: D.Type) -> Entry {
        Entry(
            kind: D.kind, inputRole: D.inputRole, reportsProgress: D.reportsProgress, isJobKind: D.isJobKind,
            options: D.optionSpecs, validate: { (json: JSONObject) throws(APIError) -> JSONObject in try D.options(from: json).canonical }
        )
    }

    public subscript(kind: StepKind) -> Entry? { entries.first { $0.kind == kind } }


    public var kinds: [StepKind] { entries.map(\.kind) }
    public var kindNames: String { kinds.map(\.rawValue).joined(separator: ", ") }
    public var jobKindNames: String { entries.filter(\.isJobKind).map(\.kind.rawValue).joined(separator: ", ") }

    /// The kinds of this repository.
    public static let builtIn = StepCatalog(BuiltInSteps.all)
}
