<?php
declare(strict_types=1);

namespace Gerbang;

/**
 * gerbang's REST API for an app: charge, status, cancel, expire, refund. Errors are exceptions
 * carrying gerbang's code and request id. A request is sent again (at most `$attempts` times in all,
 * with a short pause) only when retrying it is safe: gerbang said so (`retryable`), or no answer
 * came at all. Charges and refunds are idempotent in gerbang (the same order_id and body, the same
 * refund_key), so a repeat never pays or refunds twice.
 */
final class Client
{
    public function __construct(
        private readonly string $baseUrl,
        private readonly string $appCode,
        private readonly string $apiKey,
        private readonly int $timeoutSeconds = 30,
        private readonly int $attempts = 3,
    ) {
    }

    /**
     * Creates the Snap payment of an order: ['redirect_url' => …, 'token' => …].
     * @param array<string, mixed> $charge order_id, amount, and optionally customer_details, item_details, Snap options
     * @return array{redirect_url: string, token: string}
     */
    public function charge(array $charge): array
    {
        return $this->send('POST', '/charge', $charge);
    }

    /** Midtrans' status of an order, as gerbang answers it. @return array<string, mixed> */
    public function status(string $orderId): array
    {
        return $this->send('GET', '/status/' . rawurlencode($orderId));
    }

    /** @return array<string, mixed> */
    public function cancel(string $orderId): array
    {
        return $this->send('POST', '/cancel/' . rawurlencode($orderId));
    }

    /** @return array<string, mixed> */
    public function expire(string $orderId): array
    {
        return $this->send('POST', '/expire/' . rawurlencode($orderId));
    }

    /**
     * Refunds all (no amount) or part of a paid payment. Give a refund key of your own to make
     * a retry of the same refund safe across your own restarts.
     * @return array<string, mixed>
     */
    public function refund(string $orderId, ?int $amount = null, ?string $reason = null, ?string $refundKey = null): array
    {
        $body = array_filter(['amount' => $amount, 'reason' => $reason, 'refund_key' => $refundKey], static fn ($v) => $v !== null);
        return $this->send('POST', '/refund/' . rawurlencode($orderId), $body);
    }

    /** @return array<string, mixed> */
    private function send(string $method, string $path, ?array $body = null): array
    {
        $last = null;
        for ($attempt = 1; $attempt <= max(1, $this->attempts); $attempt++) {
            try {
                return $this->once($method, $path, $body);
            } catch (GerbangException $error) {
                if (!$error->retryable || $attempt >= $this->attempts) {
                    throw $error;
                }
                $last = $error;
                usleep(200_000 * $attempt);
            }
        }
        throw $last ?? new UnavailableException('INTERNAL', 'no attempt was made');
    }

    /** @return array<string, mixed> */
    private function once(string $method, string $path, ?array $body): array
    {
        $curl = curl_init(rtrim($this->baseUrl, '/') . $path);
        $headers = ['Accept: application/json', 'X-App-Code: ' . $this->appCode, 'X-Api-Key: ' . $this->apiKey];
        $options = [
            CURLOPT_CUSTOMREQUEST => $method,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_TIMEOUT => $this->timeoutSeconds,
            CURLOPT_CONNECTTIMEOUT => min(10, $this->timeoutSeconds),
        ];
        if ($body !== null) {
            $headers[] = 'Content-Type: application/json';
            $options[CURLOPT_POSTFIELDS] = json_encode($body === [] ? new \stdClass() : $body, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES);
        }
        $options[CURLOPT_HTTPHEADER] = $headers;
        curl_setopt_array($curl, $options);
        $text = curl_exec($curl);
        $status = (int) curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
        $failure = curl_error($curl);
        curl_close($curl);
        if ($text === false || $status === 0) {
            // No answer at all: the request may or may not have arrived; gerbang's idempotency makes a repeat safe.
            throw new UnavailableException('NETWORK', "gerbang could not be reached: $failure", 0, true);
        }
        $decoded = json_decode((string) $text, true);
        if ($status >= 200 && $status < 300 && is_array($decoded)) {
            return $decoded;
        }
        $error = is_array($decoded) && is_array($decoded['error'] ?? null) ? $decoded['error'] : ['code' => 'INTERNAL', 'message' => "gerbang answered HTTP $status"];
        throw GerbangException::fromAnswer($status, $error);
    }
}
