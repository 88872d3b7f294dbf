"""Writes sign-up form bodies, one per line, for `oha -Z`: unique, valid people (a resident ID
number with its check digit, a mobile number), numbered from OFFSET, for one campaign and role.
Usage: python3 bench/bodies.py COUNT OFFSET CAMPAIGN ROLE > bodies.txt"""
import datetime
import sys

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def id_number(n: int) -> str:
    # 1,000 people per birth day from 1975-01-01: unique for the first ten million
    born = datetime.date(1975, 1, 1) + datetime.timedelta(days=n // 1000)
    first17 = f"330402{born:%Y%m%d}{n % 1000:03d}"
    return first17 + CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def main() -> None:
    count, offset, campaign, role = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    out = sys.stdout
    for n in range(offset, offset + count):
        out.write(
            f"form%5Bcampaign%5D={campaign}&form%5Bname%5D=%E5%BC%A0%E4%BC%9F"
            f"&form%5Bmobile%5D=139{n % 100000000:08d}&form%5Bid_number%5D={id_number(n)}"
            "&form%5Bcounty%5D=330402&form%5Bstreet%5D=330402007&form%5Bcommunity%5D=330402007024"
            f"&form%5Brole%5D={role}&form%5Bskills%5D%5Bfirst_aid%5D=on"
            "&form%5Bavailability%5D%5Bweekend_day%5D=on&form%5Bconsent%5D=on\n"
        )


if __name__ == "__main__":
    main()
