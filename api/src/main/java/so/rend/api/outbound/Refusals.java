package so.rend.api.outbound;

import so.rend.api.errors.ApiError;
import so.rend.api.errors.ApiErrorCode;

/**
 * How one caller of {@link OutboundAddresses} refuses a URL: the field it names in messages, its
 * two error codes, and the variable that allows internal hosts by name.
 *
 * @param field the request field, e.g. {@code input.url}
 * @param invalid the code of a URL that is not one Rend sends requests to
 * @param forbidden the code of a URL whose host is (or resolves to) an internal address
 * @param allowVariable the {@code REND_*} variable that names allowed hosts
 */
public record Refusals(
        String field, ApiErrorCode invalid, ApiErrorCode forbidden, String allowVariable) {

    ApiError invalid(String rest) {
        return invalid.error(field + rest);
    }

    ApiError forbidden(String host) {
        return forbidden.error(
                field
                        + ": "
                        + host
                        + " is a private, loopback, link-local or otherwise internal address; name"
                        + " the host in "
                        + allowVariable
                        + " to allow it");
    }
}
