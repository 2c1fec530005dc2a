import KilnPipeline
import Testing

/// A light waiter hears only wakes for work a light worker may claim; every other waiter hears
/// every wake (#16).
struct WakeSignalTests {
    @Test func heavyOnlyWorkLeavesTheLightGenerationAsItWas() {
        let wake = WakeSignal()
        let (every, light) = (wake.generation(), wake.generation(lightOnly: true))
        wake.notify(.heavyOnly)
        #expect(wake.generation() == every + 1)
        #expect(wake.generation(lightOnly: true) == light)
        wake.notify(.mayBeLight)
        #expect(wake.generation() == every + 2)
        #expect(wake.generation(lightOnly: true) == light + 1)
    }

    /// Each waiter returns only because it was woken: its timeout is far beyond the test's limit.
    @Test(.timeLimit(.minutes(1))) func aHeavyWaiterHearsHeavyOnlyWorkAndALightWaiterWorkItMayClaim() async {
        let wake = WakeSignal()
        let heavySeen = wake.generation()
        let lightSeen = wake.generation(lightOnly: true)
        async let heavy: Void = wake.wait(after: heavySeen, timeout: .seconds(3_600))
        async let light: Void = wake.wait(after: lightSeen, lightOnly: true, timeout: .seconds(3_600))
        wake.notify(.heavyOnly)
        await heavy
        wake.notify(.mayBeLight)
        await light
    }
}
