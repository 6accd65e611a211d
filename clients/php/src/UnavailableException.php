<?php
declare(strict_types=1);

namespace Gerbang;

/** gerbang or Midtrans could not serve the request now (5xx, or no answer); $retryable says whether the same request may be sent again. */
final class UnavailableException extends GerbangException
{
}
