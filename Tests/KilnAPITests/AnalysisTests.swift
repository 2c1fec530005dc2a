import Foundation
import KilnCore
import KilnIntelligence
import Testing

/// speech, subtitles, chapters, summary and outline with the real engine (faster-whisper and a
/// packaged Whisper model) on speech made with espeak-ng at test time: as tasks, as jobs, from
/// the command line, and refused by name on a server without the engine.
@Suite(.serialized) struct AnalysisTests {
    /// The talk, then four seconds of silence.
    static let clip = Result { try SpeechClips.wav(silence: 4) }

    static func transcriptText(_ output: JSONValue?) -> String { output?["data"]?["text"]?.stringValue ?? "" }

    @Test func speechThenSubtitlesThroughTheTasksAPI() async throws {
        let clip = try Self.clip.get()
        try await MediaServer.run(extraFiles: ["talk.wav": clip]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let openAPI = try await ContractTests.validator(server)
                let probe = try await server.client.waitForTask(try #require(
                    try await server.client.createTask(#"{"kind":"probe","input":{"url":"\#(media.url("/media/talk.wav"))"}}"#)["id"]?.stringValue
                ))
                let file = try #require(probe["output"])
                let duration = try #require(file["duration"]?.doubleValue)

                let speechCreated = try await server.client.post("/tasks", #"{"kind":"speech","input":\#(file.serialized())}"#)
                #expect(speechCreated.status == 201)
                #expect(openAPI.problems(path: "/tasks", method: "POST", response: speechCreated) == [])
                let speech = try await server.client.waitForTask(try #require(try speechCreated.json["id"]?.stringValue))
                #expect(speech["status"] == "succeeded", "\(speech["error"]?.serialized() ?? "")")
                #expect(speech["progress"] == 100)
                let output = try #require(speech["output"])
                #expect(output["kind"] == "text" && output["format"] == "json" && output["mimetype"] == "application/json")
                let text = Self.transcriptText(output).lowercased()
                for word in SpeechClips.keywords { #expect(text.contains(word), "'\(word)' in: \(text)") }
                #expect(output["data"]?["language"] == "en")
                let segments = try #require(output["data"]?["segments"]?.arrayValue)
                let starts = segments.compactMap { $0["start"]?.doubleValue }
                #expect(starts == starts.sorted() && starts.count == segments.count)
                #expect(segments.allSatisfy { ($0["end"]?.doubleValue ?? .infinity) <= duration + 0.001 })
                #expect(segments.first?["words"]?.arrayValue?.first?["confidence"]?.doubleValue != nil, "words with confidence")
                let fetched = try await server.client.get("/tasks/\(try #require(speech["id"]?.stringValue))")
                #expect(openAPI.problems(path: "/tasks/{id}", method: "GET", response: fetched) == [])
                // The published file is the same JSON.
                let published = try await MediaInspector(server: server).download(try #require(output["url"]?.stringValue))
                defer { try? FileManager.default.removeItem(at: published) }
                #expect(try JSONParser.parse(try Data(contentsOf: published)) == output["data"])

                let subtitles = try await server.client.waitForTask(try #require(
                    try await server.client.createTask(#"{"kind":"subtitles","input":\#(file.serialized()),"options":{"format":"srt","start":1}}"#)["id"]?.stringValue
                ))
                #expect(subtitles["status"] == "succeeded", "\(subtitles["error"]?.serialized() ?? "")")
                #expect(subtitles["output"]?["format"] == "srt" && subtitles["output"]?["data"] == nil)
                let srt = try await MediaInspector(server: server).download(try #require(subtitles["output"]?["url"]?.stringValue))
                defer { try? FileManager.default.removeItem(at: srt) }
                let captions = try String(contentsOf: srt, encoding: .utf8)
                #expect(captions.hasPrefix("1\n"))
                try SpeechClips.checkCaptions(captions, duration: duration)
                #expect(try SpeechClips.cues(captions).allSatisfy { $0.start >= 1 }, "start is honoured")
            }
        }
    }

    @Test func subtitlesChaptersAndSummaryAsJobs() async throws {
        let clip = try Self.clip.get()
        let video = try SpeechClips.video(audio: clip, seconds: 24, sceneSeconds: 8)
        try await MediaServer.run(extraFiles: ["talk.mp4": video]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let openAPI = try await ContractTests.validator(server)
                let input = media.url("/media/talk.mp4")
                func job(_ kind: String, _ options: String) async throws -> JSONValue {
                    let created = try await server.client.post("/jobs", #"{"input":"\#(input)","kind":"\#(kind)","options":\#(options)}"#)
                    #expect(created.status == 201, "\(created.text)")
                    #expect(openAPI.problems(path: "/jobs", method: "POST", response: created) == [])
                    let finished = try await server.client.waitForJob(try #require(try created.json["id"]?.stringValue))
                    #expect(finished["status"] == "succeeded", "\(kind): \(finished["error"]?.serialized() ?? "")")
                    let tasks = finished["tasks"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }
                    #expect(tasks == ["probe", "import", kind, "export"])
                    return finished
                }

                let subtitles = try await job("subtitles", "{}")
                let duration = try #require(subtitles["tasks"]?.arrayValue?.first?["output"]?["duration"]?.doubleValue)
                let vtt = try await MediaInspector(server: server).download(try #require(subtitles["output"]?.stringValue))
                defer { try? FileManager.default.removeItem(at: vtt) }
                let captions = try String(contentsOf: vtt, encoding: .utf8)
                #expect(captions.hasPrefix("WEBVTT\n"))
                try SpeechClips.checkCaptions(captions, duration: duration)
                let said = try SpeechClips.cues(captions).flatMap(\.lines).joined(separator: " ").lowercased()
                for word in SpeechClips.keywords { #expect(said.contains(word), "'\(word)' in the captions") }

                let chaptersJob = try await job("chapters", #"{"min_duration":5}"#)
                let export = try #require(chaptersJob["tasks"]?.arrayValue?.last?["output"])
                let chapters = try #require(export["data"]?["chapters"]?.arrayValue)
                #expect(chapters.count >= 2, "the scene changes and the silence: \(chapters)")
                #expect(chapters.first?["start"]?.doubleValue == 0)
                #expect(abs((chapters.last?["end"]?.doubleValue ?? 0) - duration) < 0.001, "up to the end")
                for (previous, next) in zip(chapters, chapters.dropFirst()) {
                    #expect(previous["end"] == next["start"], "no gap, no overlap")
                }
                #expect(chapters.allSatisfy { ($0["end"]?.doubleValue ?? 0) - ($0["start"]?.doubleValue ?? 0) >= 5 })
                #expect(chapters.allSatisfy { !($0["title"]?.stringValue ?? "").isEmpty })

                let transcript = Self.transcriptText(try await job("speech", "{}")["tasks"]?.arrayValue?[2]["output"])
                let summary = try await job("summary", "{}")
                let text = try #require(summary["tasks"]?.arrayValue?.last?["output"]?["data"]?["text"]?.stringValue)
                #expect(!text.isEmpty)
                // Extractive: every sentence of the summary was said, as the transcript has it.
                for sentence in text.components(separatedBy: ". ") {
                    let trimmed = sentence.hasSuffix(".") ? String(sentence.dropLast()) : sentence
                    #expect(transcript.contains(trimmed), "'\(trimmed)' is in the transcript")
                }

                let outline = try await job("outline", #"{"min_duration":5}"#)
                let sections = try #require(outline["tasks"]?.arrayValue?.last?["output"]?["data"]?["sections"]?.arrayValue)
                #expect(sections.count == chapters.count)
                let points = sections.flatMap { $0["points"]?.arrayValue ?? [] }.compactMap(\.stringValue)
                #expect(!points.isEmpty && points.allSatisfy { transcript.contains($0) })

                let listed = try await server.client.get("/tasks?kind=subtitles").json
                #expect(listed.arrayValue?.count == 1)
                let jobs = try await server.client.get("/jobs?kind=chapters").json
                #expect(jobs.arrayValue?.count == 1)
            }
        }
    }

    @Test func noAudioIsUnsupportedAndSilenceIsAnEmptyTranscript() async throws {
        let silence = try SpeechClips.wav("", silence: 3)
        try await MediaServer.run(extraFiles: ["silence.wav": silence]) { media in
            try await TestServer.run(pipeline: .init()) { server in
                let mute = try await server.client.post("/jobs", #"{"input":"\#(media.url("/media/bikes.mp4"))","kind":"speech"}"#)
                let failed = try await server.client.waitForJob(try #require(try mute.json["id"]?.stringValue))
                #expect(failed["status"] == "failed" && failed["error"]?["kind"] == "unsupported_media")

                let quiet = try await server.client.post("/jobs", #"{"input":"\#(media.url("/media/silence.wav"))","kind":"speech"}"#)
                let heard = try await server.client.waitForJob(try #require(try quiet.json["id"]?.stringValue))
                #expect(heard["status"] == "succeeded", "\(heard["error"]?.serialized() ?? "")")
                let data = heard["tasks"]?.arrayValue?.last?["output"]?["data"]
                #expect(data?["text"] == "" && data?["segments"] == .array([]))
            }
        }
    }

    @Test func kindsWhoseEngineIsMissingAreRefusedByName() async throws {
        var pipeline = TestServer.Pipeline()
        pipeline.engines.speech.model = "/nonexistent/whisper-model"
        try await TestServer.run(pipeline: pipeline) { server in
            let openAPI = try await ContractTests.validator(server)
            for (path, body) in [
                ("/jobs", #"{"input":"https://example.com/talk.mp4","kind":"subtitles"}"#),
                ("/tasks", #"{"kind":"speech","input":{"url":"https://example.com/talk.mp4"}}"#),
                // A workflow's step too (it was accepted, and failed once it ran), named.
                ("/jobs", #"{"input":"https://example.com/talk.mp4","workflow":[{"kind":"video"},{"kind":"subtitles","ref":"captions"}]}"#),
            ] {
                let refused = try await server.client.post(path, body)
                #expect(refused.status == 400)
                #expect(try refused.json["kind"] == "kind_unavailable")
                let message = try refused.json["message"]?.stringValue ?? ""
                #expect(message.contains("Whisper model") && message.contains("KILN_SPEECH_MODEL"), "names what is missing: \(message)")
                #expect(!message.contains("/nonexistent"), "but not the server's paths")
                #expect(!body.contains("workflow") || message.hasPrefix("workflow[1].kind: "), "\(message)")
                #expect(openAPI.problems(path: path, method: "POST", response: refused) == [])
            }
            // Chapters need no speech engine: without one they come from scenes and silences.
            let chapters = try await server.client.post("/jobs", #"{"input":"https://example.com/talk.mp4","kind":"chapters"}"#)
            #expect(chapters.status == 201)
        }
    }

    @Test func theCommandLineHereAndAgainstAServer() async throws {
        let clip = try Self.clip.get()
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        try clip.write(to: dir.appendingPathComponent("talk.wav"))
        let local = try KilnProcess.runSplit(["subtitles", "-i", dir.appendingPathComponent("talk.wav").path])
        #expect(local.status == 0, "\(local.errors)")
        let vtt = dir.appendingPathComponent("talk.vtt").path
        #expect(local.output.trimmingCharacters(in: .whitespacesAndNewlines) == vtt)
        try SpeechClips.checkCaptions(try String(contentsOfFile: vtt, encoding: .utf8), duration: 30)

        try await MediaServer.run(extraFiles: ["talk.wav": clip]) { media in
            try await TestServer.run(pipeline: .init(), reachablePublicURL: true) { server in
                let out = dir.appendingPathComponent("remote.json").path
                let remote = try await offload {
                    try KilnProcess.runSplit(["speech", "-i", media.url("/media/talk.wav"), "--server", server.baseURL, "--api-key", server.apiKey, "-o", out])
                }
                #expect(remote.status == 0, "\(remote.errors)")
                let transcript = try JSONParser.parse(try Data(contentsOf: URL(fileURLWithPath: out)))
                let text = transcript["text"]?.stringValue?.lowercased() ?? ""
                for word in SpeechClips.keywords { #expect(text.contains(word), "'\(word)' in: \(text)") }
            }
        }
    }
}
