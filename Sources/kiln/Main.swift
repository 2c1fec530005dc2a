import KilnCLI

@main
struct Main {
    static func main() async {
        await KilnCommand.runMain()
    }
}
