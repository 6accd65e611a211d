<?php
declare(strict_types=1);

namespace Gerbang;

/** The payment's state, or Midtrans, refuses the operation (409). */
final class ConflictException extends GerbangException
{
}
