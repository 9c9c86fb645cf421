"""Graphviz DOT and Mermaid renderings of a machine, for the API and the docs."""

from workflows.registry import Machine


def terminal_states(machine: Machine) -> set[str]:
    return {state for state in machine.states if not machine.leaving(state)}


def to_dot(machine: Machine) -> str:
    lines = [
        f'digraph "{machine.name}" {{',
        "  rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="DejaVu Sans"];',
    ]
    terminal = terminal_states(machine)
    for state, label in machine.states.items():
        shape = ", peripheries=2" if state in terminal else ""
        lines.append(f'  "{state}" [label="{label}"{shape}];')
    lines.append(f'  start [shape=point]; start -> "{machine.initial}";')
    for transition in machine.transitions:
        roles = ", ".join(sorted(transition.roles))
        for source in transition.sources:
            lines.append(f'  "{source}" -> "{transition.target}" [label="{transition.name}\\n({roles})"];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def to_mermaid(machine: Machine) -> str:
    lines = ["stateDiagram-v2", f"  [*] --> {machine.initial}"]
    for state, label in machine.states.items():
        lines.append(f"  {state} : {label}")
    for transition in machine.transitions:
        for source in transition.sources:
            lines.append(f"  {source} --> {transition.target} : {transition.name}")
    for state in sorted(terminal_states(machine)):
        lines.append(f"  {state} --> [*]")
    return "\n".join(lines) + "\n"
