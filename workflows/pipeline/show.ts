/**
 * `$show(v)` in JSONata, for echoing input values in error causes the way contracts/describe.ts
 * `show` renders them for the Lambdas: a string is quoted, cut to 40 characters (with its
 * length), control characters JSON-escaped and other characters outside printable ASCII
 * percent-encoded (JSONata has no char-code function; `$encodeUrlComponent` is the escape it
 * has), so a 200 KB value cannot push the cause over the state payload limit and a newline or a
 * bidi override cannot reach a log line. Objects and arrays are named, not printed.
 */
import { MAX_SHOWN } from '../../contracts/describe.ts';

/** Assigns `$show`; `absent` is what an undefined value reads as (e.g. 'nothing'). */
export const showFunction = (absent?: string): string => `$show := function($v) {
      ${absent === undefined ? '' : `$not($exists($v)) ? '${absent}' : `}$type($v) = 'string' ? (
        $cut := $length($v) > ${MAX_SHOWN} ? $substring($v, 0, ${MAX_SHOWN}) & '…' : $v;
        $json := $string([$cut]);
        $safe := $replace(
          $substring($json, 2, $length($json) - 4),
          /[\\ud800-\\udbff][\\udc00-\\udfff]|[^\\x20-\\x7e…]/,
          function($m) { $encodeUrlComponent($m.match) }
        );
        "'" & $safe & "'" & ($length($v) > ${MAX_SHOWN} ? ' (' & $length($v) & ' chars)' : '')
      ) : $type($v) = 'object' ? 'an object' : $type($v) = 'array' ? 'an array' : $string($v)
    };`;
