<?php
declare(strict_types=1);

namespace Gerbang;

/**
 * An error gerbang answered with (or a failure to reach it): gerbang's error code, its message, the
 * HTTP status, whether retrying the same request is safe, and the request id to quote to the operator.
 */
class GerbangException extends \RuntimeException
{
    /** @param list<array{field: string, message: string}> $fields */
    public function __construct(
        public readonly string $errorCode,
        string $message,
        public readonly int $httpStatus = 0,
        public readonly bool $retryable = false,
        public readonly ?string $requestId = null,
        public readonly array $fields = [],
    ) {
        parent::__construct($message, $httpStatus);
    }

    /** The exception class for an error answer. */
    public static function fromAnswer(int $status, array $error): self
    {
        $class = match (true) {
            $status === 400 => ValidationException::class,
            $status === 401 || $status === 403 => AuthenticationException::class,
            $status === 404 => NotFoundException::class,
            $status === 409 => ConflictException::class,
            default => UnavailableException::class,
        };
        return new $class(
            (string) ($error['code'] ?? 'INTERNAL'),
            (string) ($error['message'] ?? "gerbang answered HTTP $status"),
            $status,
            (bool) ($error['retryable'] ?? false),
            isset($error['request_id']) ? (string) $error['request_id'] : null,
            is_array($error['fields'] ?? null) ? $error['fields'] : [],
        );
    }
}
