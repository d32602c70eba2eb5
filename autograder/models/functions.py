"""The elementary functions of the models, as SymPy functions.

`sigma` is the logistic function. It is a function of its own (not 1/(1+exp(-x)))
so that references read the way people write them, and so that its derivative is
sigma*(1 - sigma): the local partial of a gate comes out in the gate's own value.
"""
from __future__ import annotations

import sympy
from sympy import S


class sigma(sympy.Function):
    """Logistic sigmoid: sigma(x) = 1 / (1 + exp(-x))."""

    nargs = 1

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sympy.ArgumentIndexError(self, argindex)
        s = sigma(self.args[0])
        return s * (1 - s)

    @classmethod
    def eval(cls, arg):
        if arg is S.Zero:
            return S.Half
        if arg is S.Infinity:
            return S.One
        if arg is S.NegativeInfinity:
            return S.Zero

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sympy.exp(-arg))

    def _eval_rewrite_as_tanh(self, arg, **kwargs):
        return (1 + sympy.tanh(arg / 2)) / 2

    def _eval_evalf(self, prec):
        return self.rewrite(sympy.exp)._eval_evalf(prec)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        if self.args[0].is_real:
            return True

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        base = r"\sigma"
        if exp is not None:
            base = r"\sigma^{%s}" % exp
        return r"%s\left(%s\right)" % (base, arg)


# Names students may call, mapped to the SymPy callables. `sigmoid` is an alias.
FUNCTIONS = {
    "sigma": sigma,
    "sigmoid": sigma,
    "tanh": sympy.tanh,
    "exp": sympy.exp,
    "log": sympy.log,
    "sech": sympy.sech,
}
