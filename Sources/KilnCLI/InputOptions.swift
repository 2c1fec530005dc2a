import ArgumentParser
import KilnPipeline
import KilnStorage

/// Where and how much a server fetches inputs from.
struct InputOptions: ParsableArguments {
    @Flag(name: .customLong("allow-private-inputs"), help: "Fetch inputs from loopback and private addresses too (env KILN_ALLOW_PRIVATE_INPUTS=1). For local use and tests only.")
    var allowPrivateInputs = false

    @Option(name: .customLong("allow-input-host"), help: "A host that may be fetched although its address is private, e.g. an internal MinIO; repeatable (env KILN_ALLOW_INPUT_HOSTS, comma-separated).")
    var allowInputHosts: [String] = []

    @Option(name: .customLong("max-input-bytes"), help: "Largest input fetched (env KILN_MAX_INPUT_BYTES, default 20 GiB).")
    var maxInputBytes: Int64?

    @Option(name: .customLong("max-input-pixels"), help: "Largest picture (width × height) of an input, checked by the probe before anything decodes it (env KILN_MAX_INPUT_PIXELS, default 100000000).")
    var maxInputPixels: Int64?

    @Option(name: .customLong("input-timeout"), help: "Seconds an input server may stay silent before the fetch fails (env KILN_INPUT_TIMEOUT, default 30).")
    var inputTimeout: Int?

    func validate() throws {
        if let maxInputBytes, maxInputBytes <= 0 { throw ValidationError("--max-input-bytes must be a positive number of bytes") }
        if let maxInputPixels, maxInputPixels <= 0 { throw ValidationError("--max-input-pixels must be a positive number of pixels") }
        if let inputTimeout, inputTimeout <= 0 { throw ValidationError("--input-timeout must be a positive number of seconds") }
    }

    func policy(_ environment: [String: String]) -> AddressPolicy {
        let allowAll = allowPrivateInputs || ["1", "true", "yes"].contains(environment["KILN_ALLOW_PRIVATE_INPUTS"]?.lowercased() ?? "")
        let hosts = allowInputHosts + (environment["KILN_ALLOW_INPUT_HOSTS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return AddressPolicy(allowPrivate: allowAll, allowedHosts: Set(hosts.filter { !$0.isEmpty }))
    }

    /// Applies the pixel limit (flag first, then the environment) to `settings`.
    func apply(to settings: inout PipelineSettings, environment: [String: String]) throws {
        if let pixels = try maxInputPixels ?? environment["KILN_MAX_INPUT_PIXELS"].map({ value in
            guard let pixels = Int64(value), pixels > 0 else { throw ValidationError("KILN_MAX_INPUT_PIXELS must be a positive number of pixels") }
            return pixels
        }) {
            settings.maximumInputPixels = pixels
        }
    }

    func limits(_ environment: [String: String]) throws -> InputFetcher.Limits {
        var limits = InputFetcher.Limits()
        if let bytes = try maxInputBytes ?? environment["KILN_MAX_INPUT_BYTES"].map({ value in
            guard let bytes = Int64(value), bytes > 0 else { throw ValidationError("KILN_MAX_INPUT_BYTES must be a positive number of bytes") }
            return bytes
        }) {
            limits.maximumBytes = bytes
        }
        if let seconds = try inputTimeout ?? environment["KILN_INPUT_TIMEOUT"].map({ value in
            guard let seconds = Int(value), seconds > 0 else { throw ValidationError("KILN_INPUT_TIMEOUT must be a positive number of seconds") }
            return seconds
        }) {
            limits.readTimeout = .seconds(seconds)
            limits.connectTimeout = .seconds(min(seconds, 10))
        }
        return limits
    }
}
