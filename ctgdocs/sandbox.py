"""The Jinja environment templates run in: plain data in, bounded work, French refusals.

What a template may do:

* read the data ctgdocs prepared (record fields, their properties, loop variables) and call
  the reviewed methods of ``SAFE_METHODS`` (text and mapping helpers); any other callable
  reached through an attribute (``date.today``, ``Decimal.quantize``…) is refused, as are
  names starting with ``_`` (``__class__`` tricks);
* use the filters of ``FILTERS`` (ctgdocs's French filters and the harmless built-in ones)
  and the globals ``range`` (bounded), ``dict``, ``namespace``, ``cycler`` and ``joiner``;
  ``lipsum`` and ``random`` read randomness and are absent;
* never ``include``, ``import`` or ``extends``: a Word template is complete in itself.

How much it may do (``Limites``, section ``[limites]`` of ctgdocs.toml): powers, repetitions
and concatenations whose result would be too large are refused before they are computed
(``call_binop``); every ``for`` loop, recursive ``loop()`` and ``range`` counts against one
budget of iterations per render; nested macro calls are bounded; the text produced is
measured as it grows; numbers given to width-like arguments (``center``, ``indent``,
``format`` widths…) are bounded.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from types import BuiltinMethodType, MethodType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace

from . import fr, marking
from .limits import DEFAULT, Limites, exceeded

ITERATE = "ctgdocs_iterer"  # the filter every for-loop's sequence goes through

SAFE_METHODS: dict[type, frozenset[str]] = {
    str: frozenset({
        "upper", "lower", "title", "capitalize", "casefold", "swapcase", "strip", "lstrip",
        "rstrip", "startswith", "endswith", "removeprefix", "removesuffix", "split", "rsplit",
        "splitlines", "partition", "rpartition", "replace", "count", "find", "rfind", "index",
        "rindex", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "join",
        "format", "center", "ljust", "rjust", "zfill"}),
    dict: frozenset({"items", "keys", "values", "get"}),
    list: frozenset({"index", "count"}),
    tuple: frozenset({"index", "count"}),
    LoopContext: frozenset({"cycle", "changed"}),
    Cycler: frozenset({"next", "reset"}),
}

# Built-in filters that neither read the clock, randomness nor files, nor print internals.
BUILTIN_FILTERS = (
    "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e",
    "escape", "first", "float", "forceescape", "format", "groupby", "indent", "int", "items",
    "join", "last", "length", "list", "lower", "map", "max", "min", "reject", "rejectattr",
    "replace", "reverse", "round", "select", "selectattr", "slice", "sort", "string",
    "striptags", "sum", "title", "trim", "truncate", "unique", "upper", "wordcount",
    "wordwrap")
# Filters whose numeric arguments are widths or counts (bounded by rendu_nombre).
_METHODS = (MethodType, BuiltinMethodType)  # what Jinja's getattr may wrap (str.format)
WIDTH_FILTERS = frozenset({"center", "indent", "truncate", "wordwrap", "batch", "slice",
                           "round", "format"})


class LimitExceeded(SecurityError):
    """A template asked for more work than the limits allow; the message is French."""


class RefusedTag(jinja2.TemplateSyntaxError):
    """A tag ctgdocs does not allow in a template (include, import, extends)."""


_REFUSED = ("« {% {tag} %} » n'est pas permis dans un modèle ctgdocs : un modèle Word est "
            "complet en lui-même (recopiez le texte voulu dans ce modèle)")


class _Generator(CodeGenerator):
    """Jinja's code generator, with every loop's sequence counted and no other template."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.check_text(")  # a ~ b ~ c: measured like any text
        super().visit_Concat(node, frame)
        self.write(")")

    def visit_Template(self, node: nodes.Template, frame: Frame | None = None) -> None:
        for loop in node.find_all(nodes.For):  # before Jinja lists the filters it needs
            loop.iter = nodes.Filter(loop.iter, ITERATE, [], [], None, None,
                                     lineno=loop.lineno)
        super().visit_Template(node, frame)

    def _refuse(self, tag: str, node: nodes.Node) -> None:
        raise RefusedTag(_REFUSED.replace("{tag}", tag), node.lineno, self.name, self.filename)

    def visit_Include(self, node: nodes.Include, frame: Frame) -> None:
        self._refuse("include", node)

    def visit_Import(self, node: nodes.Import, frame: Frame) -> None:
        self._refuse("import", node)

    def visit_FromImport(self, node: nodes.FromImport, frame: Frame) -> None:
        self._refuse("from … import", node)

    def visit_Extends(self, node: nodes.Extends, frame: Frame) -> None:
        self._refuse("extends", node)


class Sandbox(SandboxedEnvironment):
    """One render's environment: it keeps the render's counters, so either create one per
    render or call :meth:`reset` before each (a prepared template reuses its compiled code)."""

    code_generator_class = _Generator
    intercepted_binops = frozenset({"**", "*", "+", "%"})

    def __init__(self, limits: Limites = DEFAULT, **options: Any):
        super().__init__(**options)
        self.limits = limits
        self.iterations = 0
        self.depth = 0
        self._safe: dict[tuple[type, str, type], bool] = {}
        self.globals = {"range": _Range(self), "dict": dict, "namespace": Namespace,
                        "cycler": Cycler, "joiner": Joiner}
        filters = {name: self.filters[name] for name in BUILTIN_FILTERS}
        filters.update(fr.FILTERS)
        # A filter applied to an illustrative value gives an illustrative result.
        self.filters = {name: self._guarded(name, marking.carry(f))
                        for name, f in filters.items()}
        self.filters[ITERATE] = self.iterate

    def reset(self) -> None:
        """Start a new render: the budgets count from zero again."""
        self.iterations = 0
        self.depth = 0

    # -- limits

    def refuse(self, what: str, key: str) -> LimitExceeded:
        return LimitExceeded(exceeded(what, key, getattr(self.limits, key)))

    def count(self, n: int = 1) -> None:
        self.iterations += n
        if self.iterations > self.limits.rendu_iterations:
            raise self.refuse("le nombre de tours de boucle", "rendu_iterations")

    def iterate(self, sequence: Iterable[Any]) -> Iterator[Any]:
        for item in sequence:
            self.count()
            yield item

    def range(self, *args: int) -> range:
        numbers = range(*args)
        if len(numbers) > self.limits.rendu_iterations:
            raise self.refuse(f"range() de {len(numbers)} nombres", "rendu_iterations")
        return numbers

    def check_text(self, value: Any) -> Any:
        if isinstance(value, str | list | tuple) and len(value) > self.limits.rendu_caracteres:
            raise self.refuse("le texte produit", "rendu_caracteres")
        return value

    def check_number(self, value: Any) -> None:
        """Width-like arguments (center, indent, format widths, repetitions) are bounded."""
        size = _magnitude(value)
        if size is not None and size > self.limits.rendu_nombre:
            raise self.refuse(f"le nombre {value} donné à une fonction", "rendu_nombre")

    def check_format(self, text: Any) -> None:
        """``"%0999999d"`` and ``"{:>999999}"`` ask for huge widths: refuse them."""
        if isinstance(text, str):
            for digits in re.findall(r"\d{4,}", text):
                self.check_number(int(digits))

    def concat(self, parts: Iterable[str]) -> str:
        """The output of a template (or macro), measured as it grows."""
        out: list[str] = []
        append, limit, size = out.append, self.limits.rendu_caracteres, 0
        for part in parts:
            size += len(part)
            if size > limit:
                raise self.refuse("le texte produit", "rendu_caracteres")
            append(part)
        return "".join(out)

    # -- operators

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            self._check_power(left, right)
        elif operator == "*":
            self._check_product(left, right)
        elif operator == "+" and isinstance(left, str | list | tuple) \
                and isinstance(right, str | list | tuple) \
                and len(left) + len(right) > self.limits.rendu_caracteres:
            raise self.refuse("le texte produit", "rendu_caracteres")
        elif operator == "%":
            self.check_format(left)
            if isinstance(left, str) and "*" in left:
                for arg in right if isinstance(right, tuple) else (right,):
                    self.check_number(arg)
        result = super().call_binop(context, operator, left, right)
        return self.check_text(result)

    @staticmethod
    def _digits(value: Any) -> float:
        """About how many decimal digits the integer part of ``value`` has."""
        if isinstance(value, bool) or not value:
            return 1.0
        if isinstance(value, int):
            return value.bit_length() * math.log10(2)
        if isinstance(value, Decimal):
            return float(value.adjusted() + 1) if value.is_finite() else 1.0
        if isinstance(value, float) and math.isfinite(value):
            return math.log10(abs(value)) + 1
        return 1.0

    def _check_power(self, base: Any, exponent: Any) -> None:
        size = _magnitude(exponent)
        if size is None or _magnitude(base) in (0.0, 1.0):
            return
        if size * max(self._digits(base), 1.0) > self.limits.rendu_nombre:
            raise self.refuse(f"la puissance ** {exponent}", "rendu_nombre")

    def _check_product(self, left: Any, right: Any) -> None:
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int):
                if len(seq) * times > self.limits.rendu_caracteres:
                    raise self.refuse("la répétition demandée", "rendu_caracteres")
                return
        if isinstance(left, int) and isinstance(right, int) and \
                self._digits(left) + self._digits(right) > self.limits.rendu_nombre:
            raise self.refuse("le produit demandé", "rendu_nombre")

    # -- attributes and calls

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Judged once per (type of the object, attribute, type of the value): the rules
        below and Jinja's depend on nothing else, and a template reads the same few
        attributes of the same types thousands of times."""
        key = (type(obj), attr, type(value))
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = self._judge_attribute(obj, attr, value)
        return safe

    def _judge_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if not callable(value) or isinstance(value, Macro):
            return True
        return any(isinstance(obj, kind) and attr in names
                   for kind, names in SAFE_METHODS.items())

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's, without its method checks for the values that are not methods (nearly
        all a template reads): a safe attribute is returned as it is."""
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # an item, or undefined
        if isinstance(value, _METHODS) or not self.is_safe_attribute(obj, attribute, value):
            return super().getattr(obj, attribute)  # str.format wrapped, or refused
        return value

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``"{:>999999}".format(x)``: the widths are checked, the result measured."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        fmt = value.__self__

        def bounded(*args: Any, **kwargs: Any) -> str:
            self.check_format(fmt)
            text: str = self.check_text(wrapped(*args, **kwargs))
            return text

        return bounded

    def call(__self, __context: Context, __obj: Any, *args: Any,
             **kwargs: Any) -> Any:
        if isinstance(getattr(__obj, "__self__", None), str):  # "x".center(…), "x".zfill(…)
            for value in (*args, *kwargs.values()):
                __self.check_number(value)
        if isinstance(__obj, Macro | LoopContext):
            if isinstance(__obj, LoopContext) and args:
                args = (__self.iterate(args[0]), *args[1:])
            __self.depth += 1
            try:
                if __self.depth > __self.limits.rendu_appels:
                    raise __self.refuse("l'imbrication des appels de macros", "rendu_appels")
                return super().call(__context, __obj, *args, **kwargs)
            finally:
                __self.depth -= 1
        if getattr(__obj, "__name__", None) == "replace" and isinstance(
                getattr(__obj, "__self__", None), str) and len(args) >= 2:
            __self._check_replace(__obj.__self__, args[0], args[1])
        return __self.check_text(super().call(__context, __obj, *args, **kwargs))

    def _check_replace(self, text: str, old: Any, new: Any) -> None:
        if isinstance(old, str) and isinstance(new, str):
            grows = (text.count(old) if old else len(text) + 1) * max(len(new) - len(old), 0)
            if len(text) + grows > self.limits.rendu_caracteres:
                raise self.refuse("le texte produit par replace", "rendu_caracteres")

    def _guarded(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """A filter whose width-like arguments and text result are bounded."""
        first = 2 if getattr(function, "jinja_pass_arg", None) else 1  # after context, value

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if name in WIDTH_FILTERS:
                for value in (*args[first:], *kwargs.values()):
                    self.check_number(value)
            if name == "format" and args:
                self.check_format(args[0])
            if name == "replace" and len(args) >= 4:
                self._check_replace(str(args[1]), args[2], args[3])
            return self.check_text(function(*args, **kwargs))

        return guarded


class _Range:
    """The template's ``range``: bounded, and printed without a memory address (the same
    template must always give the same bytes)."""

    def __init__(self, sandbox: Sandbox):
        self._sandbox = sandbox

    def __call__(self, *args: int) -> range:
        return self._sandbox.range(*args)

    def __repr__(self) -> str:
        return "range"


def _magnitude(value: Any) -> float | None:
    """``abs(value)`` as a float (infinite when too large), None for what is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        return abs(float(value))
    except OverflowError:
        return math.inf
