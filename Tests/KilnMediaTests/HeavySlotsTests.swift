import KilnMedia
import Testing

/// A light worker's program waits for one of the node's heavy slots; a heavy worker's (and the
/// command line's) runs where it is.
struct HeavySlotsTests {
    final class Flag: @unchecked Sendable {
        var ran = false
    }

    @Test func aLightWorkersProgramWaitsForAFreeSlot() async throws {
        let slots = HeavySlots(1)
        await slots.acquire()  // the heavy worker's
        let flag = Flag()
        let light = Task {
            try await HeavySlots.$borrowing.withValue(slots) {
                try await HeavySlots.runProgram { flag.ran = true }
            }
        }
        while await slots.waiters == 0 { await Task.yield() }
        #expect(!flag.ran, "no program while the only slot is held")
        await slots.release()
        try await light.value
        #expect(flag.ran)
        // The slot came back: a heavy worker takes it at once.
        await slots.acquire()
        await slots.release()
    }

    @Test func aProgramOutsideALightWorkerTakesNoSlot() async throws {
        let slots = HeavySlots(1)
        await slots.acquire()
        let flag = Flag()
        try await HeavySlots.runProgram { flag.ran = true }
        #expect(flag.ran)
        #expect(await slots.waiters == 0)
        await slots.release()
    }
}
