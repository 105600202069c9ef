import Foundation

/// An iCalendar object (RFC 5545) as text: components of properties, written as content lines
/// ending in CRLF, folded at 75 octets (never inside a UTF-8 character), TEXT values escaped.
public struct ICalendar: Sendable {
  /// A component: `VEVENT`, `VTODO`, with its properties in order.
  public struct Component: Sendable {
    public var name: String
    public var properties: [Property] = []

    public init(_ name: String, _ properties: [Property] = []) {
      self.name = name
      self.properties = properties
    }
  }

  /// One property: a name, parameters (`VALUE=DATE`) and a value as written.
  public struct Property: Sendable {
    public var name: String
    public var parameters: [String]
    public var value: String

    /// A property whose value is written as given (dates, numbers, enumerated words).
    public init(_ name: String, _ value: String, parameters: [String] = []) {
      self.name = name
      self.parameters = parameters
      self.value = value
    }

    /// A TEXT property: its value escaped (`\`, `;`, `,` and line breaks), control characters
    /// left out.
    public static func text(_ name: String, _ value: String) -> Property {
      Property(name, ICalendar.escape(value))
    }

    /// An all-day DATE property: `DTSTART;VALUE=DATE:20261208`.
    public static func date(_ name: String, _ day: CalendarDay) -> Property {
      Property(name, ICalendar.basic(day), parameters: ["VALUE=DATE"])
    }

    /// A UTC DATE-TIME property: `DTSTAMP:20261202T091500Z`.
    public static func time(_ name: String, _ date: Date) -> Property {
      Property(name, ICalendar.basic(date))
    }
  }

  public var properties: [Property]
  public var components: [Component]

  public init(properties: [Property], components: [Component]) {
    self.properties = properties
    self.components = components
  }

  /// The whole object, `BEGIN:VCALENDAR` to `END:VCALENDAR`, each line ending in CRLF.
  public var text: String {
    var lines = ["BEGIN:VCALENDAR"]
    lines += properties.map(Self.line)
    for component in components {
      lines.append("BEGIN:\(component.name)")
      lines += component.properties.map(Self.line)
      lines.append("END:\(component.name)")
    }
    lines.append("END:VCALENDAR")
    return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
  }

  static func line(_ property: Property) -> String {
    ([property.name] + property.parameters).joined(separator: ";") + ":" + property.value
  }

  /// A TEXT value escaped as section 3.3.11 says; control characters (other than the line
  /// breaks written as `\n`) cannot be in a content line and are left out.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var previousCR = false
    for scalar in text.unicodeScalars {
      defer { previousCR = scalar == "\r" }
      switch scalar {
      case "\\": out += "\\\\"
      case ";": out += "\\;"
      case ",": out += "\\,"
      case "\n": if !previousCR { out += "\\n" }
      case "\r": out += "\\n"
      case "\t": out.unicodeScalars.append(" ")
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A line folded into lines of at most 75 octets, each continuation starting with a space
  /// (section 3.1); a UTF-8 character is never split.
  static func fold(_ line: String) -> String {
    guard line.utf8.count > 75 else { return line }
    var out = ""
    var count = 0
    for scalar in line.unicodeScalars {
      let size = String(scalar).utf8.count
      if count + size > 75 {
        out += "\r\n "
        count = 1
      }
      out.unicodeScalars.append(scalar)
      count += size
    }
    return out
  }

  /// `20261208`.
  static func basic(_ day: CalendarDay) -> String {
    day.description.replacingOccurrences(of: "-", with: "")
  }

  /// `20261202T091500Z`.
  static func basic(_ date: Date) -> String {
    let iso = Clock.iso8601(date)  // 2026-12-02T09:15:00.123Z
    return iso.prefix(19).filter { $0 != "-" && $0 != ":" } + "Z"
  }
}
