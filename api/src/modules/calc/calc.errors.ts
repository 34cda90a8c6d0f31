import { AppError } from '../../platform/errors.js';

export type CalcInputErrorCode =
  | 'parameter_invalid'
  | 'currency_unknown'
  | 'ratios_invalid'
  | 'amount_precision_exceeded';

/**
 * Bad input to a calculation. Extends the kernel's `AppError`, so a route can let it propagate
 * and `app.onError` renders a 400 whose `param` names the offending argument (a JSON path
 * such as `lines[2][amount]`, the way the API names nested parameters).
 */
export class CalcInputError extends AppError<CalcInputErrorCode> {
  override name = 'CalcInputError';
  override readonly param: string;

  constructor(code: CalcInputErrorCode, param: string, message: string) {
    super('invalid_request_error', code, message, { param });
    this.param = param;
  }
}
