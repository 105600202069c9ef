import CoachKit
import Testing

/// How a name given for a session is matched to the people already in the store.
struct PeopleBookTests {
  @Test(arguments: [
    ("dana", "Dana"), ("DANA", "Dana"), ("Dána", "Dana"), ("  dana  reyes ", "Dana Reyes"), ("ＤＡＮＡ", "Dana"),
  ])
  func keysIgnoreCaseAccentsAndSpaces(name: String, same: String) {
    #expect(PeopleBook.key(name) == PeopleBook.key(same))
  }

  @Test func keysTellDifferentNamesApart() {
    #expect(PeopleBook.key("Dana") != PeopleBook.key("Dana Reyes"))
    #expect(PeopleBook.key("Ana") != PeopleBook.key("Dana"))
  }

  @Test(arguments: [
    ("dana", "dana reyes", true),  // the first name alone
    ("dana r", "dana reyes", true),  // an initial
    ("dnaa", "dana", true),  // two letters swapped
    ("dana reys", "dana reyes", true),  // a letter left out
    ("sam le", "sam lee", true),
    ("dana", "ana ruiz", false),  // another first name
    ("ana", "dana", false),  // short names a letter apart are two names
    ("dan", "dana", false),
    ("dana reyes", "dana", false),  // more than the known name: someone else
    ("max power", "sam lee", false),
    ("dnaa reys", "dana reyes", false),  // two typos: too far to guess
  ])
  func nearMisses(name: String, known: String, near: Bool) {
    #expect(PeopleBook.isNear(name, known) == near)
  }
}
