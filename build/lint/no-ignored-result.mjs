// A type-aware lint rule: a call that answers a Result (common/result.ts: { ok, value } or
// { ok, error }) must be looked at. Dropping one hides exactly the failures the project
// promises to report (a printer out of paper, an outbox that did not take the dossier), so a
// statement that calls and ignores a Result, or a Promise of one, fails the lint. `void call()`
// says it is dropped on purpose.

/** Whether a type is a Result, or a union with a Result member. */
function isResult(type) {
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((t) => t.getProperty('ok') !== undefined && (t.getProperty('value') !== undefined || t.getProperty('error') !== undefined));
}

export const noIgnoredResult = {
  meta: {
    type: 'problem',
    docs: { description: 'Require the Result a call answers to be used (or explicitly dropped with void)' },
    messages: {
      ignored: 'This call answers a Result and it is dropped: check `.ok` (or write `void …` to drop it on purpose).',
      ignoredPromise: 'This call answers a Promise of a Result and both are dropped: await it and check `.ok` (or write `void …`).',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return {};
    const checker = services.program.getTypeChecker();
    const typeOf = (node) => checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
    return {
      ExpressionStatement(statement) {
        let expr = statement.expression;
        if (expr.type === 'ChainExpression') expr = expr.expression;
        const awaited = expr.type === 'AwaitExpression';
        const call = awaited ? expr.argument : expr;
        const callee = call.type === 'ChainExpression' ? call.expression : call;
        if (callee.type !== 'CallExpression') return;
        const type = typeOf(expr);
        if (isResult(type)) {
          context.report({ node: statement, messageId: 'ignored' });
          return;
        }
        const inner = checker.getAwaitedType(type);
        if (!awaited && inner && inner !== type && isResult(inner)) context.report({ node: statement, messageId: 'ignoredPromise' });
      },
    };
  },
};

export const projectRules = { rules: { 'no-ignored-result': noIgnoredResult } };
