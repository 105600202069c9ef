import CoachCLI

/// `coach`: everything is in the CoachCLI library.
@main
enum Entrypoint {
  static func main() {
    CoachProgram.main()
  }
}
