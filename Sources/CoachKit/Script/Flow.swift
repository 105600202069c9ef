/// The graph of a script's steps, for lint: which steps can be reached, which can reach the
/// end, and which answers are certainly given before each step. Every part is linear in the
/// number of steps and edges, but the last: its sets hold only the steps some text or condition
/// reads.
struct Flow {
  let script: Script
  /// Indices of steps no path from the first step reaches.
  private(set) var unreachable: [Int] = []
  /// Indices of reachable steps from which no path reaches the end: the first step of each
  /// closed loop.
  private(set) var neverEnding: [Int] = []
  /// For each step, the ids answered on every path to it (of those that are read anywhere).
  private(set) var definitelySet: [Set<String>] = []

  /// A successor: a step index, or nil for the end; `answered` is false on the edge that passes
  /// a step over because its `when` is false.
  struct Edge {
    var target: Int?
    var answered: Bool
  }

  init(script: Script) {
    self.script = script
    let n = script.steps.count
    guard n > 0 else { return }
    let edges = (0..<n).map(successors)
    var reached = Set<Int>([0])
    var stack = [0]
    while let i = stack.popLast() {
      for edge in edges[i] {
        if let t = edge.target, reached.insert(t).inserted { stack.append(t) }
      }
    }
    unreachable = (0..<n).filter { !reached.contains($0) }
    // Steps that can reach the end: a search back from the end over the reversed graph.
    var predecessors = [[Int]](repeating: [], count: n)
    var ends = Set<Int>()
    var queue: [Int] = []
    for i in 0..<n {
      for edge in edges[i] {
        if let t = edge.target {
          predecessors[t].append(i)
        } else if ends.insert(i).inserted {
          queue.append(i)
        }
      }
    }
    while let j = queue.popLast() {
      for i in predecessors[j] where ends.insert(i).inserted { queue.append(i) }
    }
    // Of the steps that cannot end, report each closed loop once, at its first step: the steps
    // that merely lead into a loop are fixed with it.
    let stuck = (0..<n).filter { reached.contains($0) && !ends.contains($0) }
    var onward: [Int: Set<Int>] = [:]
    for i in stuck {
      var seen: Set<Int> = [i]
      var stack = [i]
      while let j = stack.popLast() {
        for edge in edges[j] {
          if let t = edge.target, seen.insert(t).inserted { stack.append(t) }
        }
      }
      onward[i] = seen
    }
    neverEnding = stuck.filter { i in
      onward[i]!.allSatisfy { onward[$0]?.contains(i) == true } && onward[i]!.min() == i
    }
    // Must-answered sets: intersection over incoming edges, to a fixpoint, over the steps read.
    let read = Set(script.allVariables.filter(\.isSession).map(\.name))
    let all = Set(script.steps.map(\.id)).intersection(read)
    var sets = [Set<String>](repeating: all, count: n)
    sets[0] = []
    var changed = true
    while changed {
      changed = false
      for i in 0..<n where reached.contains(i) {
        let step = script.steps[i]
        for edge in edges[i] {
          guard let t = edge.target, t != 0 else { continue }
          var out = sets[i]
          if edge.answered && step.required && all.contains(step.id) { out.insert(step.id) }
          let merged = sets[t].intersection(out)
          if merged != sets[t] {
            sets[t] = merged
            changed = true
          }
        }
      }
    }
    definitelySet = sets
  }

  private func successors(_ i: Int) -> [Edge] {
    let step = script.steps[i]
    let following = i + 1 < script.steps.count ? i + 1 : nil
    var edges: [Edge] = []
    var unconditional = false
    for branch in step.next {
      // `if: false` is never taken; `if: true` (or none) always is.
      let constant = branch.condition.flatMap(Self.constant)
      if constant == false { continue }
      switch branch.target {
      case .end: edges.append(Edge(target: nil, answered: true))
      case .step(let id):
        // An unknown step is reported on its own (C012); taken as the end, it adds no other error.
        edges.append(Edge(target: script.index(of: id), answered: true))
      }
      if branch.condition == nil || constant == true {
        unconditional = true
        break
      }
    }
    let when = step.when.flatMap(Self.constant)
    if step.when == nil || when != false {
      if !unconditional { edges.append(Edge(target: following, answered: true)) }
    } else {
      // `when: false`: the step is never asked, and never branches.
      edges.removeAll()
    }
    if step.when != nil && when != true { edges.append(Edge(target: following, answered: false)) }
    return edges
  }

  /// The value of a condition that reads nothing (`true`, `not false`, `1 == 1`: literals and
  /// operators only, no answer, no `today`, no function); nil for anything else.
  static func constant(_ condition: Expression) -> Bool? {
    if case .literal(let value, _) = condition, case .bool(let b) = value { return b }
    guard readsNothing(condition) else { return nil }
    return Evaluator.test(condition, in: NothingKnown())
  }

  /// Whether `e` is made of literals and operators only (the parser bounds its depth).
  private static func readsNothing(_ e: Expression) -> Bool {
    switch e {
    case .literal: true
    case .variable, .call: false
    case .unary(_, let operand, _): readsNothing(operand)
    case .binary(_, let left, let right, _): readsNothing(left) && readsNothing(right)
    case .list(let items, _): items.allSatisfy(readsNothing)
    }
  }

  /// A context for expressions that read nothing.
  private struct NothingKnown: EvaluationContext {
    func value(of variable: Variable) -> Value { .null }
    var today: CalendarDay { CalendarDay(ordinal: 0) }
    func recent(_ variable: Variable) -> [Value] { [] }
    func isDefault(_ variable: Variable) -> Bool { true }
  }
}
