import Foundation
import KilnCore
import KilnStore
import Testing

/// What every `JobStore` promises, checked against each store the same way.
@Suite(.serialized) struct StoreContractTests {
    static let now: Int64 = 1_800_000_000_000
    /// One generator, so ids (and so list order) follow creation order.
    static let ids = IDSource.live()

    static func job(_ projectID: String, kind: String = "video", input: String = "https://example.com/a.mp4", now: Int64 = now, ids: IDSource = StoreContractTests.ids) throws -> Run {
        let request = try CreateJobRequest.parse(JSONParser.parse(#"{"input":"\#(input)","kind":"\#(kind)","metadata":{"n":1}}"#))
        return Run.newJob(from: request, projectID: projectID, ids: ids, now: now)
    }

    static func task(_ projectID: String, ids: IDSource = StoreContractTests.ids) throws -> Run {
        let request = try CreateTaskRequest.parse(JSONParser.parse(#"{"kind":"probe","input":{"url":"https://example.com/b.mp4"},"metadata":{"m":true}}"#))
        return Run.newTask(from: request, projectID: projectID, createdBy: "key_x", ids: ids, now: now)
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

    static func workflow(_ projectID: String, now: Int64) throws -> Run {
        let request = try CreateJobRequest.parse(JSONParser.parse(
            #"{"input":"https://example.com/w.mp4","workflow":[{"kind":"video"},{"kind":"image"},{"kind":"audio"}]}"#
        ))
        return Run.newJob(from: request, projectID: projectID, ids: ids, now: now)
    }

    @Test(arguments: StoreKind.available) func theQueueSummaryCountsWhatWaitsInEveryProject(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            #expect(try await store.queueSummary(now: Self.now) == QueueSummary(depth: 0, oldestWaitingSince: nil))
            _ = try await store.createRun(try Self.job("p1", now: Self.now + 5), idempotency: nil)
            _ = try await store.createRun(try Self.job("p2", now: Self.now + 7), idempotency: nil)
            _ = try await store.createRun(try Self.task("p1"), idempotency: nil)
            #expect(try await store.queueSummary(now: Self.now + 8) == QueueSummary(depth: 3, oldestWaitingSince: Self.now))
            // A claimed run no longer waits.
            _ = try await store.claim("w1", now: Self.now + 10)
            #expect(try await store.queueSummary(now: Self.now + 10) == QueueSummary(depth: 2, oldestWaitingSince: Self.now + 5))
            _ = try await store.claim("w2", now: Self.now + 10)
            _ = try await store.claim("w3", now: Self.now + 10)
            #expect(try await store.queueSummary(now: Self.now + 10) == QueueSummary(depth: 0, oldestWaitingSince: nil))

            // A workflow whose import succeeded waits as its three ready steps, since the import finished.
            let flow = try Self.workflow("p3", now: Self.now + 20)
            _ = try await store.createRun(flow, idempotency: nil)
            #expect(try await store.queueSummary(now: Self.now + 21) == QueueSummary(depth: 1, oldestWaitingSince: Self.now + 20))
            try await store.transition(runID: flow.id, projectID: nil) { run throws(LifecycleRefusal) in
                var next = try Lifecycle.claim(run, worker: "w4", now: Self.now + 30, leaseMillis: 30_000, maximumAttempts: 3).run
                for index in [0, 1] {
                    next = try Lifecycle.startStep(next, index, input: .none, reportsProgress: false, worker: "w4", now: Self.now + 31)
                    next = try Lifecycle.succeedStep(next, index, output: .null, worker: "w4", now: Self.now + 40)
                }
                return next
            }
            #expect(try await store.queueSummary(now: Self.now + 41) == QueueSummary(depth: 3, oldestWaitingSince: Self.now + 40))
            let claimed = try await store.claim("w5", now: Self.now + 41)
            #expect(claimed?.id == flow.id)
            #expect(try await store.queueSummary(now: Self.now + 41) == QueueSummary(depth: 2, oldestWaitingSince: Self.now + 40))
            // Steps whose workers died wait again, once their leases run out.
            #expect(try await store.queueSummary(now: Self.now + 30_011) == QueueSummary(depth: 5, oldestWaitingSince: Self.now + 40))
        }
    }

    @Test(arguments: StoreKind.available) func jobsReadBackAndListByFilterAndCursor(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            var made: [Run] = []
            for (index, jobKind) in ["video", "image", "video", "audio"].enumerated() {
                let job = try Self.job("p1", kind: jobKind, input: "https://example.com/\(index).mp4", now: Self.now + Int64(index))
                #expect(try await store.createRun(job, idempotency: nil) == .created)
                made.append(job)
            }
            _ = try await store.createRun(try Self.job("p2"), idempotency: nil)
            _ = try await store.createRun(try Self.task("p1"), idempotency: nil)

            let read = try #require(try await store.job(id: made[0].id, projectID: "p1"))
            #expect(read == made[0], "a job and its tasks read back exactly as written")
            #expect(read.steps.map(\.kind) == [.probe, .import, .video, .export])
            #expect(read.steps[2].options["format"] == "mp4", "the encode step holds its canonical options from the start")
            #expect(try await store.job(id: made[0].id, projectID: "p2") == nil, "another project's job is not found")

            let all = try await store.listJobs(projectID: "p1", filter: JobFilter(), page: PageRequest(limit: 10))
            #expect(all.items.map(\.id) == made.reversed().map(\.id), "newest first; standalone tasks and other projects are not jobs")
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
            #expect(try await store.createRun(try Self.job("p1"), idempotency: first) == .created)
            let again = IdempotencyRecord(key: "k1", requestHash: "h1", responseBody: "other", now: Self.now + 1000)
            #expect(try await store.createRun(try Self.job("p1"), idempotency: again) == .replayed(responseBody: #"{"id":"job_1"}"#))
            await #expect(throws: StoreError.idempotencyKeyReused) {
                try await store.createRun(try Self.job("p1"), idempotency: IdempotencyRecord(key: "k1", requestHash: "h2", responseBody: "x", now: Self.now + 2000))
            }
            #expect(try await store.createRun(try Self.job("p2"), idempotency: first) == .created, "keys are per project")
            let later = IdempotencyRecord(key: "k1", requestHash: "h2", responseBody: "new", now: Self.now + IdempotencyRecord.lifetimeMillis + 1)
            #expect(try await store.createRun(try Self.job("p1"), idempotency: later) == .created, "after a day the key is free")
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
                _ = try await store.createRun(job, idempotency: nil)
            }
            let first = try #require(try await store.claim("w0", now: Self.now))
            #expect(first.id == ids[0] && first.status == .processing && first.steps.allSatisfy { $0.status == .queued })
            let claimed = try await withThrowingTaskGroup(of: String?.self) { group in
                for worker in 1...6 {
                    group.addTask { try await store.claim("w\(worker)", now: Self.now)?.id }
                }
                return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
            }
            #expect(claimed.sorted() == Array(ids[1...]).sorted(), "six workers at once get the five other jobs, each once")
            #expect(try await store.claim("w9", now: Self.now) == nil)
            #expect(try await store.run(id: ids[0], projectID: nil)?.status == .processing)
        }
    }

    /// A light worker's claim (#16) passes over runs with a step of a heavy kind, however old.
    @Test(arguments: StoreKind.available) func aLightClaimTakesOnlyRunsOfLightKinds(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let video = try Self.job("p1", kind: "video", now: Self.now)
            let image = try Self.job("p1", kind: "image", now: Self.now + 1)
            let audio = try Self.job("p1", kind: "audio", now: Self.now + 2)
            for run in [video, image, audio] { _ = try await store.createRun(run, idempotency: nil) }
            let light = try await store.claimNext(workerID: "light", leaseMillis: 30_000, now: Self.now, maximumAttempts: 3, lightOnly: true)
            #expect(light.claimed?.id == image.id && light.steps == [0, 1, 2, 3], "the image job's whole chain, past the older video job")
            let none = try await store.claimNext(workerID: "light", leaseMillis: 30_000, now: Self.now, maximumAttempts: 3, lightOnly: true)
            #expect(none.claimed == nil, "only heavy runs are left")
            #expect(try await store.claim("heavy", now: Self.now)?.id == video.id, "a heavy claim takes the oldest")
        }
    }

    @Test(arguments: StoreKind.available) func anExpiredLeaseGoesToAnotherWorkerUntilTheAttemptsRunOut(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try Self.job("p1")
            _ = try await store.createRun(job, idempotency: nil)
            _ = try #require(try await store.claim("a", now: Self.now, lease: 1000, attempts: 2))
            try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in
                try Lifecycle.renew(run, worker: "a", now: Self.now + 500, leaseMillis: 1000)
            }
            #expect(try await store.claim("b", now: Self.now + 1400, lease: 1000, attempts: 2) == nil, "renewed: still held")
            try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in
                try Lifecycle.startStep(run, 0, input: nil, reportsProgress: false, worker: "a", now: Self.now + 600)
            }

            let retaken = try #require(try await store.claim("b", now: Self.now + 1600, lease: 1000, attempts: 2))
            #expect(retaken.id == job.id)
            #expect(retaken.steps.allSatisfy { $0.status == .queued && $0.startedAt == nil }, "the steps start over")
            await #expect(throws: LifecycleRefusal.notHeld, "the first worker lost it") {
                try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in
                    try Lifecycle.renew(run, worker: "a", now: Self.now + 1700, leaseMillis: 1000)
                }
            }
            try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in
                try Lifecycle.startStep(run, 0, input: nil, reportsProgress: false, worker: "b", now: Self.now + 1650)
            }

            // Claimed twice already: the next expiry fails the job instead of running it a third time,
            // and the step that was running carries the error.
            let result = try await store.claimNext(workerID: "c", leaseMillis: 1000, now: Self.now + 3000, maximumAttempts: 2)
            #expect(result.claimed == nil && result.exhausted.map(\.id) == [job.id])
            let failed = try #require(try await store.job(id: job.id, projectID: "p1"))
            #expect(failed.status == .failed && failed.error?.kind == "worker_lost")
            #expect(failed.steps[0].status == .failed && failed.steps[0].error?.kind == "worker_lost")
            #expect(failed.steps[1...].allSatisfy { $0.status == .cancelled })
        }
    }

    @Test(arguments: StoreKind.available) func aFailedStepEndsTheRunAndItsOtherStepsInOneWrite(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try Self.job("p1")
            _ = try await store.createRun(job, idempotency: nil)
            _ = try #require(try await store.claim("a", now: Self.now))
            let error = RunError("input_not_media", "not a video")
            try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in
                let started = try Lifecycle.startStep(run, 0, input: ["object": "external_file"], reportsProgress: false, worker: "a", now: Self.now + 5)
                return try Lifecycle.failStep(started, 0, error: error, worker: "a", now: Self.now + 10)
            }
            let ended = try #require(try await store.job(id: job.id, projectID: "p1"))
            #expect(ended.status == .failed && ended.error == error && ended.finishedAt == Self.now + 10)
            #expect(ended.steps[0].status == .failed && ended.steps[0].error == error && ended.steps[0].input == ["object": "external_file"])
            #expect(ended.steps[1...].allSatisfy { $0.status == .cancelled && $0.error?.kind == "cancelled" })
            await #expect(throws: LifecycleRefusal.notHeld, "only once") {
                try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in
                    try Lifecycle.succeedStep(run, 1, output: .null, url: "x", worker: "a", now: Self.now + 20)
                }
            }
            let tasks = try await store.listTasks(projectID: "p1", filter: TaskFilter(status: .cancelled), page: PageRequest(limit: 10))
            #expect(tasks.items.count == 3)
            #expect(try await store.task(id: ended.steps[0].id, projectID: "p1") == ended.steps[0])
            #expect(try await store.task(id: ended.steps[0].id, projectID: "p2") == nil)
        }
    }

    @Test(arguments: StoreKind.available) func cancelsAnswerForEveryState(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let queued = try Self.job("p1")
            let running = try Self.job("p1", now: Self.now + 1)
            _ = try await store.createRun(queued, idempotency: nil)
            _ = try await store.createRun(running, idempotency: nil)
            _ = try #require(try await store.claim("a", now: Self.now))
            #expect(try await store.claim("b", now: Self.now)?.id == running.id)
            let cancel = { @Sendable (id: String, project: String, now: Int64) async throws -> Run in
                try await store.transition(runID: id, projectID: project) { run throws(LifecycleRefusal) in try Lifecycle.cancel(run, now: now) }
            }
            await #expect(throws: StoreError.runNotFound) { try await cancel(running.id, "p2", Self.now) }
            #expect(try await cancel(running.id, "p1", Self.now + 5).status == .cancelled)
            await #expect(throws: LifecycleRefusal.alreadyCancelled) { try await cancel(running.id, "p1", Self.now + 6) }
            await #expect(throws: LifecycleRefusal.notHeld, "the worker learns at its next heartbeat") {
                try await store.transition(runID: running.id, projectID: nil) { run throws(LifecycleRefusal) in
                    try Lifecycle.renew(run, worker: "b", now: Self.now + 7, leaseMillis: 30_000)
                }
            }
            #expect(try await store.job(id: running.id, projectID: "p1")?.steps.allSatisfy { $0.status == .cancelled } == true)

            try await store.transition(runID: queued.id, projectID: nil) { run throws(LifecycleRefusal) in
                var run = run
                for index in run.steps.indices {
                    run = try Lifecycle.startStep(run, index, input: nil, reportsProgress: false, worker: "a", now: Self.now + 8)
                    run = try Lifecycle.succeedStep(run, index, output: .null, url: "https://o", worker: "a", now: Self.now + 8)
                }
                return run
            }
            await #expect(throws: LifecycleRefusal.notCancellable(.succeeded)) { try await cancel(queued.id, "p1", Self.now + 10) }

            let waiting = try Self.job("p1", now: Self.now + 2)
            _ = try await store.createRun(waiting, idempotency: nil)
            #expect(try await cancel(waiting.id, "p1", Self.now + 11).status == .cancelled)
            #expect(try await store.claim("c", now: Self.now + 12) == nil, "a cancelled job is never claimed")
        }
    }

    @Test(arguments: StoreKind.available) func aReleasedJobRunsAgainFromTheStart(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try Self.job("p1")
            _ = try await store.createRun(job, idempotency: nil)
            _ = try #require(try await store.claim("a", now: Self.now, attempts: 1))
            let released = try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in
                try Lifecycle.release(run, worker: "a", now: Self.now + 1)
            }
            #expect(released.status == .queued && released.steps.allSatisfy { $0.status == .waiting })
            // A release gives the attempt back, so even with one attempt allowed the job runs again.
            #expect(try await store.claim("b", now: Self.now + 2, attempts: 1)?.id == job.id)
            #expect(try await store.processingRunIDs() == [job.id])
            try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in try Lifecycle.expireLease(run, now: Self.now + 3) }
            #expect(try await store.claim("c", now: Self.now + 3, attempts: 5)?.id == job.id)
        }
    }

    @Test(arguments: StoreKind.available) func standaloneTasksAreRunsOfTheirOwn(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let task = try Self.task("p1")
            let job = try Self.job("p1", now: Self.now + 1)
            _ = try await store.createRun(task, idempotency: nil)
            _ = try await store.createRun(job, idempotency: nil)
            #expect(task.id == task.steps[0].id, "a standalone task's run has the task's id")
            #expect(try await store.job(id: task.id, projectID: "p1") == nil, "a standalone task is not a job")
            #expect(try await store.run(id: task.id, projectID: "p1") == task)
            let shown = try #require(try await store.task(id: task.id, projectID: "p1"))
            #expect(shown.jobID == nil && shown.metadata == JSONObject([JSONField("m", true)]))
            let probes = try await store.listTasks(projectID: "p1", filter: TaskFilter(kind: .probe), page: PageRequest(limit: 10))
            #expect(Set(probes.items.map(\.id)) == [task.id, job.steps[0].id])
            let ofJob = try await store.listTasks(projectID: "p1", filter: TaskFilter(jobID: job.id), page: PageRequest(limit: 10, order: .asc))
            #expect(ofJob.items.map(\.id) == job.steps.map(\.id))
            #expect(try await store.listTasks(projectID: "p1", filter: TaskFilter(jobID: task.id), page: PageRequest()).items.isEmpty)
            let byCreator = try await store.listTasks(projectID: "p1", filter: TaskFilter(createdBy: "key_x"), page: PageRequest())
            #expect(byCreator.items.map(\.id) == [task.id])
            #expect(try await store.claim("w", now: Self.now)?.id == task.id, "the oldest run, job or task, is claimed first")
            try await store.transition(runID: task.id, projectID: "p1") { run throws(LifecycleRefusal) in try Lifecycle.cancel(run, now: Self.now + 1) }
            #expect(try await store.task(id: task.id, projectID: "p1")?.status == .cancelled)
        }
    }

    @Test(arguments: StoreKind.available) func everyChangeWritesItsEventsWithIt(_ kind: StoreKind) async throws {
        try await kind.withStore { store in
            let job = try Self.job("p1")
            let task = try Self.task("p1")
            _ = try await store.createRun(job, idempotency: nil)
            _ = try await store.createRun(task, idempotency: nil)
            _ = try #require(try await store.claim("w", now: Self.now + 1))
            try await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in
                var run = run
                for index in run.steps.indices {
                    run = try Lifecycle.startStep(run, index, input: nil, reportsProgress: index == 2, worker: "w", now: Self.now + 2)
                    run = try Lifecycle.succeedStep(run, index, output: .null, url: "https://o", worker: "w", now: Self.now + 2)
                }
                return run
            }
            try await store.transition(runID: task.id, projectID: "p1") { run throws(LifecycleRefusal) in try Lifecycle.cancel(run, now: Self.now + 4) }
            let ofJob = try await store.listEvents(projectID: "p1", filter: EventFilter(jobID: job.id), page: PageRequest(limit: 100, order: .asc))
            let kinds = ofJob.items.map(\.kind)
            #expect(kinds.first == "job.created" && kinds.last == "job.succeeded")
            #expect(kinds.filter { $0 == "task.succeeded" }.count == 4)
            #expect(kinds.contains("job.updated") && kinds.contains("task.updated"))
            let succeeded = try #require(ofJob.items.last)
            #expect(succeeded.data["status"] == "succeeded" && succeeded.data["output"] == "https://o" && succeeded.jobID == job.id)
            let ofTask = try await store.listEvents(projectID: "p1", filter: EventFilter(taskID: task.id), page: PageRequest(order: .asc))
            #expect(ofTask.items.map(\.kind) == ["task.created", "task.updated", "task.cancelled"])
            #expect(ofTask.items.allSatisfy { $0.jobID == nil && $0.data["object"] == "task" })
            let cancelled = try await store.listEvents(projectID: "p1", filter: EventFilter(kind: "task.cancelled"), page: PageRequest())
            #expect(cancelled.items.map(\.taskID) == [task.id])
            #expect(try await store.event(id: succeeded.id, projectID: "p1") == succeeded)
            // Creation events are kept without a copy of the run and read back as the run was created.
            let jobCreated = try #require(ofJob.items.first)
            #expect(jobCreated.data.serialized() == job.json().serialized())
            #expect(try await store.event(id: jobCreated.id, projectID: "p1")?.data.serialized() == job.json().serialized())
            #expect(ofTask.items.first?.data.serialized() == task.steps[0].json().serialized())
            #expect(try await store.event(id: succeeded.id, projectID: "p2") == nil)
            #expect(try await store.listEvents(projectID: "p2", filter: EventFilter(), page: PageRequest()).items.isEmpty)
            // A refused transition writes nothing.
            let before = try await store.listEvents(projectID: "p1", filter: EventFilter(), page: PageRequest(limit: 100)).items.count
            _ = try? await store.transition(runID: job.id, projectID: nil) { run throws(LifecycleRefusal) in try Lifecycle.cancel(run, now: Self.now + 5) }
            #expect(try await store.listEvents(projectID: "p1", filter: EventFilter(), page: PageRequest(limit: 100)).items.count == before)
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

extension JobStore {
    /// A claim with the defaults the tests use.
    func claim(_ worker: String, now: Int64, lease: Int64 = 30_000, attempts: Int = 3) async throws -> Run? {
        try await claimNext(workerID: worker, leaseMillis: lease, now: now, maximumAttempts: attempts).claimed
    }
}
