import Foundation
import KilnCore
import KilnStore
import Testing

/// What every `JobStore` promises, checked against each store the same way.
@Suite(.serialized) struct StoreContractTests {
    static let now: Int64 = 1_800_000_000_000
    /// One generator, so ids (and so list order) follow creation order.
    static let ids = IDSource.live()

    static func job(_ projectID: String, kind: String = "video", input: String = "https://example.com/a.mp4", now: Int64 = now, ids: IDSource = StoreContractTests.ids) throws -> Job {
        let request = try CreateJobRequest.parse(JSONParser.parse(#"{"input":"\#(input)","kind":"\#(kind)","metadata":{"n":1}}"#))
        return Job.new(from: request, projectID: projectID, ids: ids, now: now)
    }

    static func carrier(_ projectID: String, ids: IDSource = StoreContractTests.ids) throws -> Job {
        let request = try CreateTaskRequest.parse(JSONParser.parse(#"{"kind":"probe","input":{"url":"https://example.com/b.mp4"}}"#))
        return Job.standalone(from: request, projectID: projectID, createdBy: "key_x", ids: ids, now: now)
    }

    @Test(arguments: StoreKind.available) func keysAuthenticateUntilRevoked(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            try await store.ensureAPIKey(secret: "kiln_env_secret", projectName: "default", now: Self.now)
            try await store.ensureAPIKey(secret: "kiln_env_secret", projectName: "default", now: Self.now)
            let envKey = try #require(try await store.authenticate(secret: "kiln_env_secret"))
            let created = try await store.createAPIKey(projectName: "other", name: "ci", now: Self.now)
            let principal = try #require(try await store.authenticate(secret: created.secret))
            #expect(principal.projectID == created.info.projectID && principal.projectID != envKey.projectID)
            #expect(try await store.activeAPIKeyCount() == 2)
            let listed = try await store.listAPIKeys()
            #expect(listed.map(\.projectName).sorted() == ["default", "other"])
            #expect(listed.contains { $0.name == "ci" && $0.hint == created.info.hint })
            #expect(try await store.revokeAPIKey(id: created.info.id, now: Self.now + 1))
            #expect(try await !store.revokeAPIKey(id: created.info.id, now: Self.now + 2), "revoking twice finds no active key")
            #expect(try await store.authenticate(secret: created.secret) == nil)
            #expect(try await store.authenticate(secret: "nope") == nil)
            #expect(try await store.activeAPIKeyCount() == 1)
        }
    }

    @Test(arguments: StoreKind.available) func jobsReadBackAndListByFilterAndCursor(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            var made: [Job] = []
            for (index, jobKind) in ["video", "image", "video", "audio"].enumerated() {
                let job = try Self.job("p1", kind: jobKind, input: "https://example.com/\(index).mp4", now: Self.now + Int64(index))
                #expect(try await store.createJob(job, idempotency: nil) == .created)
                made.append(job)
            }
            _ = try await store.createJob(try Self.job("p2"), idempotency: nil)
            _ = try await store.createJob(try Self.carrier("p1"), idempotency: nil)

            let read = try #require(try await store.job(id: made[0].id, projectID: "p1"))
            #expect(read == made[0], "a job and its tasks read back exactly as written")
            #expect(read.tasks.map(\.kind) == [.probe, .import, .video, .export])
            #expect(try await store.job(id: made[0].id, projectID: "p2") == nil, "another project's job is not found")

            let all = try await store.listJobs(projectID: "p1", filter: JobFilter(), page: PageRequest(limit: 10))
            #expect(all.items.map(\.id) == made.reversed().map(\.id), "newest first; carriers and other projects hidden")
            let videos = try await store.listJobs(projectID: "p1", filter: JobFilter(kind: .video), page: PageRequest(limit: 10, order: .asc))
            #expect(videos.items.map(\.id) == [made[0].id, made[2].id])
            let byInput = try await store.listJobs(projectID: "p1", filter: JobFilter(input: "https://example.com/3.mp4"), page: PageRequest())
            #expect(byInput.items.map(\.id) == [made[3].id])
            let queued = try await store.listJobs(projectID: "p1", filter: JobFilter(status: .queued), page: PageRequest(limit: 2))
            #expect(queued.items.map(\.id) == [made[3].id, made[2].id] && queued.hasMore)
            let next = try await store.listJobs(projectID: "p1", filter: JobFilter(), page: PageRequest(limit: 2, after: made[2].id))
            #expect(next.items.map(\.id) == [made[1].id, made[0].id] && !next.hasMore)
            let previous = try await store.listJobs(projectID: "p1", filter: JobFilter(), page: PageRequest(limit: 2, before: made[1].id))
            #expect(previous.items.map(\.id) == [made[3].id, made[2].id])
        }
    }

    @Test(arguments: StoreKind.available) func idempotencyKeysReplayForADayAndRefuseOtherBodies(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let first = IdempotencyRecord(key: "k1", requestHash: "h1", responseBody: #"{"id":"job_1"}"#, now: Self.now)
            #expect(try await store.createJob(try Self.job("p1"), idempotency: first) == .created)
            let again = IdempotencyRecord(key: "k1", requestHash: "h1", responseBody: "other", now: Self.now + 1000)
            #expect(try await store.createJob(try Self.job("p1"), idempotency: again) == .replayed(responseBody: #"{"id":"job_1"}"#))
            await #expect(throws: StoreError.idempotencyKeyReused) {
                try await store.createJob(try Self.job("p1"), idempotency: IdempotencyRecord(key: "k1", requestHash: "h2", responseBody: "x", now: Self.now + 2000))
            }
            #expect(try await store.createJob(try Self.job("p2"), idempotency: first) == .created, "keys are per project")
            let later = IdempotencyRecord(key: "k1", requestHash: "h2", responseBody: "new", now: Self.now + IdempotencyRecord.lifetimeMillis + 1)
            #expect(try await store.createJob(try Self.job("p1"), idempotency: later) == .created, "after a day the key is free")
            let page = try await store.listJobs(projectID: "p1", filter: JobFilter(), page: PageRequest())
            #expect(page.items.count == 2, "a replay or a refusal creates nothing")
        }
    }

    @Test(arguments: StoreKind.available) func claimsGoOldestFirstAndNeverTwice(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            var ids: [String] = []
            for index in 0..<6 {
                let job = try Self.job("p1", now: Self.now + Int64(index))
                ids.append(job.id)
                _ = try await store.createJob(job, idempotency: nil)
            }
            let first = try #require(try await store.claimNextJob(workerID: "w0", leaseMillis: 30_000, now: Self.now, maximumAttempts: 3))
            #expect(first.id == ids[0] && first.status == .processing && first.tasks.count == 4)
            let claimed = try await withThrowingTaskGroup(of: String?.self) { group in
                for worker in 1...6 {
                    group.addTask { try await store.claimNextJob(workerID: "w\(worker)", leaseMillis: 30_000, now: Self.now, maximumAttempts: 3)?.id }
                }
                return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(claimed.sorted() == Array(ids[1...]).sorted(), "six workers at once get the five other jobs, each once")
            #expect(try await store.claimNextJob(workerID: "w9", leaseMillis: 30_000, now: Self.now, maximumAttempts: 3) == nil)
            #expect(try await store.jobStatus(id: ids[0]) == .processing)
        }
    }

    @Test(arguments: StoreKind.available) func anExpiredLeaseGoesToAnotherWorkerUntilTheAttemptsRunOut(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try Self.job("p1")
            _ = try await store.createJob(job, idempotency: nil)
            let claim = try #require(try await store.claimNextJob(workerID: "a", leaseMillis: 1000, now: Self.now, maximumAttempts: 2))
            #expect(try await store.renewLease(jobID: job.id, workerID: "a", leaseMillis: 1000, now: Self.now + 500))
            #expect(try await store.claimNextJob(workerID: "b", leaseMillis: 1000, now: Self.now + 1400, maximumAttempts: 2) == nil, "renewed: still held")
            var probe = claim.tasks[0]
            probe.status = .processing
            probe.startedAt = Self.now + 600
            probe.updatedAt = Self.now + 600
            #expect(try await store.recordTask(probe, workerID: "a"))

            let retaken = try #require(try await store.claimNextJob(workerID: "b", leaseMillis: 1000, now: Self.now + 1600, maximumAttempts: 2))
            #expect(retaken.id == job.id)
            #expect(retaken.tasks.allSatisfy { $0.status == .waiting && $0.startedAt == nil }, "the tasks start over")
            #expect(try await !store.renewLease(jobID: job.id, workerID: "a", leaseMillis: 1000, now: Self.now + 1700), "the first worker lost it")
            #expect(try await !store.recordTask(probe, workerID: "a"))
            #expect(try await !store.finishJob(id: job.id, workerID: "a", status: .succeeded, output: "x", error: nil, finalTask: nil, now: Self.now + 1700))

            // Claimed twice already: the next expiry fails the job instead of running it a third time.
            #expect(try await store.claimNextJob(workerID: "c", leaseMillis: 1000, now: Self.now + 3000, maximumAttempts: 2) == nil)
            let failed = try #require(try await store.job(id: job.id, projectID: "p1"))
            #expect(failed.status == .failed && failed.error?.kind == "worker_lost")
            #expect(failed.tasks.allSatisfy { $0.status == .cancelled })
        }
    }

    @Test(arguments: StoreKind.available) func finishingAJobEndsItsTasksInOneStep(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try Self.job("p1")
            _ = try await store.createJob(job, idempotency: nil)
            let claim = try #require(try await store.claimNextJob(workerID: "a", leaseMillis: 30_000, now: Self.now, maximumAttempts: 3))
            var probe = claim.tasks[0]
            probe.status = .failed
            probe.error = RunError("input_not_media", "not a video")
            probe.finishedAt = Self.now + 10
            probe.updatedAt = Self.now + 10
            #expect(try await store.finishJob(id: job.id, workerID: "a", status: .failed, output: nil, error: probe.error, finalTask: probe, now: Self.now + 10))
            let ended = try #require(try await store.job(id: job.id, projectID: "p1"))
            #expect(ended.status == .failed && ended.error == probe.error && ended.finishedAt == Self.now + 10)
            #expect(ended.tasks[0] == probe)
            #expect(ended.tasks[1...].allSatisfy { $0.status == .cancelled && $0.error?.kind == "cancelled" })
            #expect(try await !store.finishJob(id: job.id, workerID: "a", status: .succeeded, output: "x", error: nil, finalTask: nil, now: Self.now + 20), "only once")

            let tasks = try await store.listTasks(projectID: "p1", filter: TaskFilter(status: .cancelled), page: PageRequest(limit: 10))
            #expect(tasks.items.count == 3)
            let one = try #require(try await store.task(id: probe.id, projectID: "p1"))
            #expect(one == probe)
            #expect(try await store.task(id: probe.id, projectID: "p2") == nil)
        }
    }

    @Test(arguments: StoreKind.available) func cancelsAnswerForEveryState(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let queued = try Self.job("p1")
            let running = try Self.job("p1", now: Self.now + 1)
            _ = try await store.createJob(queued, idempotency: nil)
            _ = try await store.createJob(running, idempotency: nil)
            _ = try #require(try await store.claimNextJob(workerID: "a", leaseMillis: 30_000, now: Self.now, maximumAttempts: 3))
            let claimed = try #require(try await store.claimNextJob(workerID: "b", leaseMillis: 30_000, now: Self.now, maximumAttempts: 3))
            #expect(claimed.id == running.id)
            #expect(try await store.cancelJob(id: running.id, projectID: "p2", now: Self.now) == .notFound)
            #expect(try await store.cancelJob(id: running.id, projectID: "p1", now: Self.now + 5) == .cancelled(wasRunning: true))
            #expect(try await store.cancelJob(id: running.id, projectID: "p1", now: Self.now + 6) == .alreadyCancelled)
            #expect(try await !store.renewLease(jobID: running.id, workerID: "b", leaseMillis: 30_000, now: Self.now + 7), "the worker learns at its next heartbeat")
            #expect(try await !store.finishJob(id: running.id, workerID: "b", status: .succeeded, output: "x", error: nil, finalTask: nil, now: Self.now + 8))
            #expect(try await store.job(id: running.id, projectID: "p1")?.status == .cancelled)

            #expect(try await store.finishJob(id: queued.id, workerID: "a", status: .succeeded, output: "https://o", error: nil, finalTask: nil, now: Self.now + 9))
            #expect(try await store.cancelJob(id: queued.id, projectID: "p1", now: Self.now + 10) == .notCancellable(.succeeded))

            let waiting = try Self.job("p1", now: Self.now + 2)
            _ = try await store.createJob(waiting, idempotency: nil)
            #expect(try await store.cancelJob(id: waiting.id, projectID: "p1", now: Self.now + 11) == .cancelled(wasRunning: false))
            #expect(try await store.claimNextJob(workerID: "c", leaseMillis: 30_000, now: Self.now + 12, maximumAttempts: 3) == nil, "a cancelled job is never claimed")
        }
    }

    @Test(arguments: StoreKind.available) func aReleasedJobRunsAgainFromTheStart(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try Self.job("p1")
            _ = try await store.createJob(job, idempotency: nil)
            _ = try #require(try await store.claimNextJob(workerID: "a", leaseMillis: 30_000, now: Self.now, maximumAttempts: 1))
            try await store.releaseJob(id: job.id, workerID: "a", now: Self.now + 1)
            #expect(try await store.jobStatus(id: job.id) == .queued)
            // A release gives the attempt back, so even with one attempt allowed the job runs again.
            let again = try #require(try await store.claimNextJob(workerID: "b", leaseMillis: 30_000, now: Self.now + 2, maximumAttempts: 1))
            #expect(again.id == job.id)
            try await store.expireAllLeases(now: Self.now + 3)
            #expect(try await store.claimNextJob(workerID: "c", leaseMillis: 30_000, now: Self.now + 3, maximumAttempts: 5)?.id == job.id)
        }
    }

    @Test(arguments: StoreKind.available) func standaloneTasksAreListedWithoutTheirCarrier(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let carrier = try Self.carrier("p1")
            let job = try Self.job("p1")
            _ = try await store.createJob(carrier, idempotency: nil)
            _ = try await store.createJob(job, idempotency: nil)
            #expect(try await store.job(id: carrier.id, projectID: "p1") == nil, "a carrier is not a job")
            let probes = try await store.listTasks(projectID: "p1", filter: TaskFilter(kind: .probe), page: PageRequest(limit: 10))
            #expect(Set(probes.items.map(\.id)) == [carrier.tasks[0].id, job.tasks[0].id])
            let ofJob = try await store.listTasks(projectID: "p1", filter: TaskFilter(jobID: job.id), page: PageRequest(limit: 10, order: .asc))
            #expect(ofJob.items.map(\.id) == job.tasks.map(\.id))
            #expect(try await store.listTasks(projectID: "p1", filter: TaskFilter(jobID: carrier.id), page: PageRequest()).items.isEmpty)
            let byCreator = try await store.listTasks(projectID: "p1", filter: TaskFilter(createdBy: "key_x"), page: PageRequest())
            #expect(byCreator.items.map(\.id) == [carrier.tasks[0].id])
            #expect(try await store.cancelJob(id: carrier.id, projectID: "p1", now: Self.now) == .cancelled(wasRunning: false))
            #expect(try await store.task(id: carrier.tasks[0].id, projectID: "p1")?.status == .cancelled)
        }
    }

    @Test(arguments: StoreKind.available) func connectionsKeepOneDefaultAndTheirSealedSecret(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            func connection(_ id: String, isDefault: Bool) -> Connection {
                Connection(id: id, projectID: "p1", name: id, endpoint: "http://s3.local", region: "us-east-1", accessKeyID: "AK", isDefault: isDefault, forcePathStyle: true, createdAt: Self.now, updatedAt: Self.now)
            }
            try await store.createConnection(connection("conn_a", isDefault: true), sealedSecret: "sealed-a")
            try await store.createConnection(connection("conn_b", isDefault: true), sealedSecret: "sealed-b")
            #expect(try await store.defaultConnection(projectID: "p1")?.id == "conn_b", "a new default takes over")
            #expect(try await store.connections(projectID: "p1").map(\.isDefault) == [false, true])
            var changes = ConnectionChanges()
            changes.name = "renamed"
            changes.isDefault = true
            let updated = try #require(try await store.updateConnection(id: "conn_a", projectID: "p1", changes: changes, sealedSecret: nil, now: Self.now + 1))
            #expect(updated.name == "renamed" && updated.isDefault && updated.updatedAt == Self.now + 1)
            #expect(try await store.connection(id: "conn_a", projectID: "p1") == updated)
            #expect(try await store.defaultConnection(projectID: "p1")?.id == "conn_a")
            #expect(try await store.sealedSecret(connectionID: "conn_a") == "sealed-a", "no new secret keeps the old one")
            _ = try await store.updateConnection(id: "conn_a", projectID: "p1", changes: ConnectionChanges(), sealedSecret: "sealed-new", now: Self.now + 2)
            #expect(try await store.sealedSecret(connectionID: "conn_a") == "sealed-new")
            #expect(try await store.updateConnection(id: "conn_a", projectID: "p2", changes: changes, sealedSecret: nil, now: Self.now) == nil)
            #expect(try await store.connection(id: "conn_a", projectID: "p2") == nil)
            #expect(try await store.deleteConnection(id: "conn_b", projectID: "p1"))
            #expect(try await !store.deleteConnection(id: "conn_b", projectID: "p1"))
            #expect(try await store.connections(projectID: "p1").map(\.id) == ["conn_a"])
        }
    }
}
