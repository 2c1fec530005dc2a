import ArgumentParser
import Foundation
import KilnPipeline

/// How many jobs a node runs and how it holds them.
struct PipelineOptions: ParsableArguments {
    @Option(help: "Heavy work (ffmpeg, ffprobe, engines) run in parallel by this node; 0 runs no jobs (env KILN_WORKERS, default half the cores, at least 1).")
    var workers: Int?

    @Option(name: .customLong("light-workers"), help: "More workers, beside --workers, for jobs of still images only, which run in process (env KILN_LIGHT_WORKERS, default two a core).")
    var lightWorkers: Int?

    @Option(name: .customLong("lease-seconds"), help: "How long a claimed job stays with a worker that stops renewing it (env KILN_LEASE_SECONDS, default 30).")
    var leaseSeconds: Int?

    @Option(name: .customLong("max-attempts"), help: "Runs of one job (its worker died) before it fails instead (env KILN_MAX_ATTEMPTS, default 3).")
    var maxAttempts: Int?

    @Option(name: .customLong("chunk-seconds"), help: "A video or adaptive_video job (or workflow step) on an input longer than this many seconds is cut at keyframes into chunks of about this length that any worker encodes, then joined; 0 never chunks (env KILN_CHUNK_SECONDS, default 120).")
    var chunkSeconds: Int?

    @Option(name: .customLong("webhook-delivery"), help: "on: this node sends events to webhooks; off: it only records them, for another node to send (env KILN_WEBHOOK_DELIVERY, default on).")
    var webhookDelivery: String?

    /// Whether this node delivers webhooks.
    func deliversWebhooks(_ environment: [String: String]) throws -> Bool {
        switch (webhookDelivery ?? environment["KILN_WEBHOOK_DELIVERY"] ?? "on").lowercased() {
        case "on", "1", "true", "yes": return true
        case "off", "0", "false", "no": return false
        default: throw ValidationError("--webhook-delivery must be on or off")
        }
    }

    func validate() throws {
        if let workers, workers < 0 { throw ValidationError("--workers must be 0 or more") }
        if let lightWorkers, lightWorkers < 0 { throw ValidationError("--light-workers must be 0 or more") }
        if let leaseSeconds, leaseSeconds < 3 { throw ValidationError("--lease-seconds must be 3 or more") }
        if let maxAttempts, maxAttempts < 1 { throw ValidationError("--max-attempts must be 1 or more") }
        if let chunkSeconds, chunkSeconds < 0 { throw ValidationError("--chunk-seconds must be 0 or more") }
    }

    /// What a node's pipeline runs with, `kiln serve`'s and `kiln worker`'s alike: these flags and
    /// `inputs`', each before its environment variable, over the defaults.
    func settings(inputs: InputOptions, scratchRoot: String, environment: [String: String]) throws -> PipelineSettings {
        var settings = PipelineSettings(
            scratchRoot: scratchRoot, fetchLimits: try inputs.limits(environment), addressPolicy: inputs.policy(environment)
        )
        try apply(to: &settings, environment: environment)
        try inputs.apply(to: &settings, environment: environment)
        return settings
    }

    /// Applies these settings (flags first, then the environment) to `settings`.
    private func apply(to settings: inout PipelineSettings, environment: [String: String]) throws {
        settings.workers = try workers ?? Self.number(environment, "KILN_WORKERS", minimum: 0) ?? PipelineSettings.defaultWorkers
        settings.lightWorkers = try lightWorkers ?? Self.number(environment, "KILN_LIGHT_WORKERS", minimum: 0) ?? PipelineSettings.defaultLightWorkers
        if let seconds = try leaseSeconds ?? Self.number(environment, "KILN_LEASE_SECONDS", minimum: 3) {
            settings.leaseMillis = Int64(seconds) * 1000
        }
        if let attempts = try maxAttempts ?? Self.number(environment, "KILN_MAX_ATTEMPTS", minimum: 1) {
            settings.maximumAttempts = attempts
        }
        if let seconds = try chunkSeconds ?? Self.number(environment, "KILN_CHUNK_SECONDS", minimum: 0) {
            settings.chunkSeconds = Double(seconds)
        }
    }

    private static func number(_ environment: [String: String], _ name: String, minimum: Int) throws -> Int? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        guard let number = Int(value), number >= minimum else { throw ValidationError("\(name) must be a whole number, \(minimum) or more") }
        return number
    }
}
