<?php
declare(strict_types=1);

namespace Gerbang;

/** The request cannot be used as sent (400): see $fields. */
final class ValidationException extends GerbangException
{
}
