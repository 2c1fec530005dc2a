/// The node's heavy work at once: as many slots as `--workers`. A heavy worker holds one while it
/// claims and runs steps; a light worker (`LightWork`) borrows one only for a program its steps
/// turn out to need after all (ffprobe or ffmpeg on an input that is not a still libvips reads),
/// so programs never run on more than `--workers` slots of a node.
public actor HeavySlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(_ count: Int) {
        free = count
    }

    /// Waits for a slot and takes it. Every slot is given back (`release`), so a wait ends.
    public func acquire() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Tasks waiting for a slot.
    public var waiters: Int { waiting.count }

    /// Gives a slot back, to the longest waiter first.
    public func release() {
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
    }

    /// The slots a light worker's task borrows from; nil on heavy workers and the command line,
    /// which run programs where they are.
    @TaskLocal public static var borrowing: HeavySlots?

    /// Runs `program` (ffprobe or ffmpeg) in a borrowed slot when the current task is a light
    /// worker's, else directly.
    public static func runProgram<T>(_ program: () async throws -> T) async throws -> T {
        guard let slots = borrowing else { return try await program() }
        await slots.acquire()
        do {
            let result = try await program()
            await slots.release()
            return result
        } catch {
            await slots.release()
            throw error
        }
    }
}
