/** The kernels module's text, in files: kernels.wat (the module, its memory, rowsum and dots), elementwise.wat (actgrad, colsum, dropout, adam), axpy.wat (whole rows added: axpy, rowaxpy), fused-step.wat (the fused step's calls). */
export const WAT_FILES = ['kernels.wat', 'elementwise.wat', 'axpy.wat', 'fused-step.wat'] as const;

/** The one module from the files' texts (WAT_FILES order): the later files' functions inside the first's module. */
export function joinWat([module, ...rest]: readonly string[]): string {
  const end = module.lastIndexOf(')');
  if (end < 0) throw new Error('kernels.wat: no closing parenthesis');
  return `${module.slice(0, end)}\n${rest.join('\n')}\n)\n`;
}
