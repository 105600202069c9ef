/// Every problem `coach lint`, `coach test` and the readers of the config and team files can
/// report. Each code is documented, with an example, in `docs/diagnostics.md`;
/// `coach lint --explain CODE` prints that entry.
public enum DiagnosticCode: String, CaseIterable, Sendable {
  case yamlSyntax = "C001"
  case unknownKey = "C002"
  case missingKey = "C003"
  case wrongType = "C004"
  case invalidValue = "C005"
  case invalidID = "C006"
  case tooComplex = "C007"
  case duplicateKey = "C008"
  case duplicateStep = "C010"
  case duplicateSection = "C011"
  case unknownGotoTarget = "C012"
  case unknownSection = "C013"
  case unreachableStep = "C014"
  case neverEnds = "C015"
  case reservedName = "C016"
  case duplicateFlag = "C017"
  case expressionSyntax = "C020"
  case unknownVariable = "C021"
  case possiblyUnset = "C022"
  case typeMismatch = "C023"
  case unknownFunction = "C024"
  case notAChoice = "C025"
  case unknownDialog = "C026"
  case valueCycle = "C027"
  case duplicateChoice = "C030"
  case impossibleBounds = "C031"
  case badAnchors = "C032"
  case timeboxMismatch = "C033"
  case noChoices = "C034"
  case optionNotForKind = "C035"
  case controlCharacter = "C036"
  // The team file.
  case duplicatePerson = "C050"
  case unknownManager = "C051"
  case reportingCycle = "C052"
  case unknownRitual = "C053"
  // Any file coach reads.
  case unreadableFile = "C060"
  // Dialog test files.
  case noTests = "C070"
  case emptyExpectation = "C071"
  case unknownTestedDialog = "C072"

  /// A short name for the problem.
  public var title: String {
    switch self {
    case .yamlSyntax: "YAML syntax error"
    case .unknownKey: "unknown key"
    case .missingKey: "missing key"
    case .wrongType: "value of the wrong type"
    case .invalidValue: "invalid value"
    case .invalidID: "invalid id"
    case .tooComplex: "script too large or too complex"
    case .duplicateKey: "duplicate key"
    case .duplicateStep: "duplicate step id"
    case .duplicateSection: "duplicate section id"
    case .unknownGotoTarget: "unknown step in goto"
    case .unknownSection: "unknown section"
    case .unreachableStep: "unreachable step"
    case .neverEnds: "step can never reach the end"
    case .reservedName: "reserved name used as an id"
    case .duplicateFlag: "duplicate flag id"
    case .expressionSyntax: "expression syntax error"
    case .unknownVariable: "unknown variable"
    case .possiblyUnset: "variable possibly unset"
    case .typeMismatch: "type error in expression"
    case .unknownFunction: "unknown function or wrong arguments"
    case .notAChoice: "value is not one of the choices"
    case .unknownDialog: "unknown dialog in a reference"
    case .valueCycle: "computed value that reads itself"
    case .duplicateChoice: "duplicate choice"
    case .impossibleBounds: "impossible bounds"
    case .badAnchors: "anchors that do not fit the scale"
    case .timeboxMismatch: "section time budgets do not fit the dialog"
    case .noChoices: "choice without choices"
    case .optionNotForKind: "option that does not apply to this kind"
    case .controlCharacter: "control character in text"
    case .duplicatePerson: "person in the team twice"
    case .unknownManager: "manager who is not in the team"
    case .reportingCycle: "reporting line that loops"
    case .unknownRitual: "cadence for a dialog coach does not have"
    case .unreadableFile: "file that cannot be read"
    case .noTests: "test file without tests"
    case .emptyExpectation: "empty text to look for"
    case .unknownTestedDialog: "tested dialog that coach does not have"
    }
  }

  /// Whether the code is about the team file rather than a dialog script.
  public var isTeamFile: Bool {
    switch self {
    case .duplicatePerson, .unknownManager, .reportingCycle, .unknownRitual: true
    default: false
    }
  }

  /// Whether the code is about a dialog test file (`coach test`) rather than a dialog script.
  public var isTestFile: Bool {
    switch self {
    case .noTests, .emptyExpectation, .unknownTestedDialog: true
    default: false
    }
  }

  /// The severity this code is reported with.
  public var severity: Diagnostic.Severity {
    switch self {
    case .possiblyUnset, .timeboxMismatch, .unreachableStep: .warning
    default: .error
    }
  }
}
