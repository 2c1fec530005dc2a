import Foundation
import KilnCore
import Testing

/// `GET /events`: a real job's events, as the outbox recorded them.
@Suite(.serialized) struct EventsTests {
    @Test func aJobsEventsAreListedInOrderWithTheirData() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let job = try await server.client.runJob(#"{"input":"\#(media.url("/media/logo.png"))","kind":"image","options":{"width":32}}"#)
                let id = try #require(job["id"]?.stringValue)
                let response = try await server.client.get("/events?job_id=\(id)&order=asc&limit=100")
                #expect(response.status == 200)
                guard case .array(let events) = try response.json else { throw TestFailure("not an array") }
                let kinds = events.compactMap { $0["kind"]?.stringValue }
                #expect(kinds.first == "job.created" && kinds.last == "job.succeeded", "\(kinds)")
                #expect(kinds.filter { $0 == "task.succeeded" }.count == 4)
                let last = try #require(events.last)
                #expect(last["object"] == "event" && last["data"]?["id"] == job["id"] && last["data"]?["status"] == "succeeded")
                #expect(last["data"]?["output"] == job["output"])
                let eventID = try #require(last["id"]?.stringValue)
                let one = try await server.client.get("/events/\(eventID)").json
                #expect(one["id"] == last["id"] && one["data"] == last["data"] && one["attempts"] == .array([]), "no endpoint: no attempts")
                let onlyEnds = try await server.client.get("/events?kind=job.succeeded").json
                #expect(onlyEnds == .array([last]))
                #expect(try await server.client.get("/events/evt_01NOPE").errorKind == "event_not_found")
                #expect(try await server.client.get("/events?kind=job.done").errorKind == "invalid_request")
                #expect(try await server.client.get("/events", apiKey: .some(nil)).status == 401)
            }
        }
    }
}

extension EventsTests {
    /// The events of a text/event-stream body, as (id, kind) pairs.
    static func frames(_ text: String) -> [(id: String, kind: String)] {
        text.components(separatedBy: "\n\n").compactMap { frame in
            let lines = frame.split(separator: "\n")
            guard let id = lines.first(where: { $0.hasPrefix("id: ") }), let kind = lines.first(where: { $0.hasPrefix("event: ") }) else { return nil }
            return (String(id.dropFirst(4)), String(kind.dropFirst(7)))
        }
    }

    @Test func aJobsEventStreamEndsWithItsLastEventAndResumes() async throws {
        try await MediaServer.run { media in
            try await TestServer.run(pipeline: .init()) { server in
                let created = try await server.client.createJob(#"{"input":"\#(media.url("/media/logo.png"))","kind":"image","options":{"width":32}}"#)
                let id = try #require(created["id"]?.stringValue)
                // Opened while the job runs, the stream follows it and ends after job.succeeded.
                let live = try await server.client.get("/jobs/\(id)/events")
                #expect(live.status == 200 && live.header("Content-Type") == "text/event-stream")
                let frames = Self.frames(live.text)
                #expect(frames.first?.kind == "job.created" && frames.last?.kind == "job.succeeded", "\(frames.map(\.kind))")
                let middle = frames[frames.count / 2]
                let resumed = try await server.client.request(.GET, "/jobs/\(id)/events", headers: [("Last-Event-ID", middle.id)])
                #expect(Self.frames(resumed.text).map(\.id) == frames[(frames.count / 2 + 1)...].map(\.id), "resumes after Last-Event-ID")
                let probe = try #require(try await server.client.get("/jobs/\(id)").json["tasks"]?.arrayValue?.first?["id"]?.stringValue)
                let ofTask = Self.frames(try await server.client.get("/tasks/\(probe)/events").text).map(\.kind)
                #expect(ofTask.first == "task.updated" && ofTask.last == "task.succeeded", "\(ofTask)")
                #expect(try await server.client.get("/jobs/job_01NOPE/events").errorKind == "job_not_found")
                let fromStart = try await server.client.request(.GET, "/jobs/\(id)/events", headers: [("Last-Event-ID", "nope")])
                #expect(Self.frames(fromStart.text).map(\.id) == frames.map(\.id), "no event id: the stream starts over")
            }
        }
    }
}
