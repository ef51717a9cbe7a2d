import type { ESLint, Rule } from 'eslint';

export declare const noIgnoredResult: Rule.RuleModule;
export declare const projectRules: ESLint.Plugin;
